/// Follows POSIX sh quoting through a command, enough to tell where a position stands: inside
/// quotes or backquotes, in a comment, right after a backslash or a `$`, or in plain text.
///
/// Used to refuse `echo "{{ params.x }}"`: inside double quotes the single-quoted value would be
/// printed with its quotes and a `$(…)` in it would run. Not recognised: heredoc bodies, and a
/// `$(…)` inside double quotes, whose own quotes are read as if they belonged to the double-quoted
/// text (right when they pair up; wrong with a comment or a lone quote inside the substitution).
///
/// It reads Unicode scalars, as `sh` reads bytes: a `Character` glues a quote or backslash to a
/// combining mark after it (and `\r\n` into one), hiding them from a Character-level scan. Where
/// shells differ it takes the reading that refuses more: `$'…'` is bash's escape-processing quote
/// (`/bin/sh` is bash on macOS and Red Hat systems), not `$` followed by a quoted string.
struct ShellQuoteTracker {
    private enum State { case plain, single, double, dollarSingle, backquote, comment }
    private var state = State.plain
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
    }

    var position: Position {
        switch state {
        case .single, .double, .dollarSingle: .quoted
        case .backquote: .backquoted
        case .comment: .comment
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
    }

    private mutating func step(_ c: Unicode.Scalar) {
        let dollarBefore = afterDollar
        afterDollar = false
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
            }
        }
    }
}
