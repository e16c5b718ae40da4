/// Follows POSIX sh quoting through a command, enough to tell where a position stands: inside
/// quotes or backquotes, in a comment, right after a backslash or a `$`, or in plain text.
///
/// Used to refuse `echo "{{ params.x }}"`: inside double quotes the single-quoted value would be
/// printed with its quotes and a `$(…)` in it would run. The same holds in a here-document body
/// (`cat <<EOF` … `EOF`), which the shell expands without removing quotes: a body is followed from
/// the line after `<<WORD` (or `<<-WORD`) to the line that is exactly `WORD`. Not recognised: a
/// `$(…)` inside double quotes, whose own quotes are read as if they belonged to the double-quoted
/// text (right when they pair up; wrong with a comment or a lone quote inside the substitution).
///
/// It reads Unicode scalars, as `sh` reads bytes: a `Character` glues a quote or backslash to a
/// combining mark after it (and `\r\n` into one), hiding them from a Character-level scan. Where
/// shells differ it takes the reading that refuses more: `$'…'` is bash's escape-processing quote
/// (`/bin/sh` is bash on macOS and Red Hat systems), not `$` followed by a quoted string.
struct ShellQuoteTracker {
    private enum State { case plain, single, double, dollarSingle, backquote, comment, heredoc }
    private var state = State.plain
    /// A here-document: its delimiter (nil when a template or backquote is part of it, so no line
    /// is known to end the body), whether `<<-` strips leading tabs, and whether the word was
    /// quoted (then lines are not joined by a backslash).
    private struct Heredoc { var delimiter: String?; var stripsTabs: Bool; var quoted: Bool }
    /// `<` just read in plain text: two make `<<`, three bash's here-string `<<<`.
    private var lessThans = 0
    /// The delimiter word being read after `<<`, until the word ends.
    private var pendingWord: Heredoc?
    private var pendingWordStarted = false
    /// Here-documents whose bodies start at the next line, in order, and the one being read.
    private var queuedHeredocs: [Heredoc] = []
    private var heredoc: Heredoc?
    private var heredocLine = ""
    private var heredocLineHasTemplate = false
    private var escaped = false
    private var afterDollar = false
    private var atWordStart = true
    /// `atWordStart` before a backslash in plain text, restored when it turns out to join lines.
    private var atWordStartBeforeEscape = true

    /// Where a template at this point would stand.
    enum Position: Equatable {
        /// Outside quotes: the only place the value's own quoting holds.
        case plain
        /// Inside single, double or `$'…'` quotes.
        case quoted
        /// Inside backquotes: a backquote in the value would end the command substitution.
        case backquoted
        /// In a comment: a line break in the value would end it, and the rest would run.
        case comment
        /// Right after a backslash, which would escape the value's opening quote.
        case escaped
        /// Right after a `$`: bash reads `$'…'` with backslash escapes, so a `\` in the value could
        /// escape its closing quote.
        case afterDollar
        /// In a here-document body: its quotes would be printed, and a `$(…)` in it would run.
        case heredoc
    }

    var position: Position {
        switch state {
        case .single, .double, .dollarSingle: .quoted
        case .backquote: .backquoted
        case .comment: .comment
        case .heredoc: .heredoc
        case .plain: escaped ? .escaped : afterDollar ? .afterDollar : .plain
        }
    }

    mutating func consume(_ text: Substring) {
        for c in text.unicodeScalars { step(c) }
    }

    /// A template's value is a word: a `#` right after it does not start a comment.
    mutating func consumeTemplate() {
        if state == .plain { atWordStart = false }
        escaped = false
        afterDollar = false
        // A template in a delimiter makes it unknown; a body line holding one ends nothing.
        if lessThans == 2 { pendingWord = Heredoc(delimiter: nil, stripsTabs: false, quoted: false) }
        lessThans = 0
        if pendingWord != nil {
            pendingWord?.delimiter = nil
            pendingWordStarted = true
        }
        if state == .heredoc { heredocLineHasTemplate = true }
    }

    private mutating func step(_ c: Unicode.Scalar) {
        if state == .heredoc {
            heredocStep(c)
            return
        }
        let dollarBefore = afterDollar
        afterDollar = false
        if state == .plain, !escaped {
            if c == "<" {
                lessThans += 1
            } else {
                let operatorEnded = lessThans == 2
                lessThans = 0
                if operatorEnded {
                    pendingWord = Heredoc(delimiter: "", stripsTabs: c == "-", quoted: false)
                    pendingWordStarted = false
                    if c == "-" { return }
                }
            }
        }
        if pendingWord != nil { readDelimiter(c) }
        if escaped {
            escaped = false
            // Backslash-newline joins the lines, as if neither were there.
            atWordStart = state == .plain && c == "\n" ? atWordStartBeforeEscape : false
            return
        }
        switch state {
        case .plain:
            switch c {
            case "\\":
                escaped = true
                atWordStartBeforeEscape = atWordStart
            case "'": state = dollarBefore ? .dollarSingle : .single
            case "\"": state = .double
            case "`": state = .backquote
            case "$": afterDollar = true
            case "#" where atWordStart: state = .comment
            default: break
            }
            // Only sh's blanks and operator characters end a word (not, say, a no-break space).
            atWordStart = " \t\n;&|()<>".unicodeScalars.contains(c)
            if c == "\n" { startQueuedHeredoc() }
        case .single:
            if c == "'" { state = .plain }
            atWordStart = false
        case .double, .dollarSingle, .backquote:
            let closing: Unicode.Scalar = state == .double ? "\"" : state == .backquote ? "`" : "'"
            if c == "\\" { escaped = true } else if c == closing { state = .plain }
            atWordStart = false
        case .comment:
            if c == "\n" {
                state = .plain
                atWordStart = true
                startQueuedHeredoc()
            }
        case .heredoc:
            break
        }
    }

    /// Follows the delimiter word after `<<`: quotes and backslashes are removed from it (and make
    /// the body literal); a blank, newline or operator outside quotes ends it.
    private mutating func readDelimiter(_ c: Unicode.Scalar) {
        guard var word = pendingWord else { return }
        if escaped {
            word.delimiter?.unicodeScalars.append(c)
            word.quoted = true
            pendingWordStarted = true
        } else {
            switch state {
            case .plain:
                if " \t\n;&|()<>".unicodeScalars.contains(c) {
                    if pendingWordStarted {
                        queuedHeredocs.append(word)
                        pendingWord = nil
                    }
                    return
                }
                if c == "'" || c == "\"" || c == "\\" {
                    word.quoted = true
                } else if c == "`" {
                    word.delimiter = nil
                } else {
                    word.delimiter?.unicodeScalars.append(c)
                }
                pendingWordStarted = true
            case .single, .double, .dollarSingle:
                let closing: Unicode.Scalar = state == .double ? "\"" : "'"
                if c != closing { word.delimiter?.unicodeScalars.append(c) }
            default:
                word.delimiter = nil
                pendingWordStarted = true
            }
        }
        pendingWord = word
    }

    /// At the end of a command line, the first queued here-document's body begins.
    private mutating func startQueuedHeredoc() {
        if let word = pendingWord, pendingWordStarted { queuedHeredocs.append(word) }
        pendingWord = nil
        guard !queuedHeredocs.isEmpty else { return }
        heredoc = queuedHeredocs.removeFirst()
        heredocLine = ""
        heredocLineHasTemplate = false
        state = .heredoc
    }

    /// A character of a here-document body: the body ends after a line that is the delimiter.
    private mutating func heredocStep(_ c: Unicode.Scalar) {
        guard c == "\n", let current = heredoc else {
            heredocLine.unicodeScalars.append(c)
            return
        }
        // In an unquoted body a backslash-newline joins lines before the delimiter is looked for.
        let trailingBackslashes = heredocLine.unicodeScalars.reversed().prefix { $0 == "\\" }.count
        if !current.quoted, trailingBackslashes % 2 == 1 {
            heredocLine.unicodeScalars.removeLast()
            return
        }
        var line = Substring(heredocLine)
        if current.stripsTabs { line = line.drop { $0 == "\t" } }
        let ended = !heredocLineHasTemplate && current.delimiter.map { line == $0 } == true
        heredocLine = ""
        heredocLineHasTemplate = false
        guard ended else { return }
        heredoc = nil
        state = .plain
        atWordStart = true
        if !queuedHeredocs.isEmpty {
            heredoc = queuedHeredocs.removeFirst()
            state = .heredoc
        }
    }
}
