/// Follows POSIX sh quoting through a command, enough to tell where a position stands: inside
/// single or double quotes, in a comment, right after a backslash, or in plain text.
///
/// Used to refuse `echo "{{ params.x }}"`: inside double quotes the single-quoted value would be
/// printed with its quotes and a `$(…)` in it would run. Heredoc bodies are not recognised.
///
/// It reads Unicode scalars, as `sh` reads bytes: a `Character` glues a quote or backslash to a
/// combining mark after it (and `\r\n` into one), hiding them from a Character-level scan.
struct ShellQuoteTracker {
    private enum State { case plain, single, double, comment }
    private var state = State.plain
    private var escaped = false
    private var atWordStart = true
    /// `atWordStart` before a backslash in plain text, restored when it turns out to join lines.
    private var atWordStartBeforeEscape = true

    /// Where a template at this point would stand.
    enum Position: Equatable {
        /// Outside quotes: the only place the value's own quoting holds.
        case plain
        /// Inside single or double quotes.
        case quoted
        /// In a comment: a line break in the value would end it, and the rest would run.
        case comment
        /// Right after a backslash, which would escape the value's opening quote.
        case escaped
    }

    var position: Position {
        switch state {
        case .single, .double: .quoted
        case .comment: .comment
        case .plain: escaped ? .escaped : .plain
        }
    }

    mutating func consume(_ text: Substring) {
        for c in text.unicodeScalars { step(c) }
    }

    /// A template's value is a word: a `#` right after it does not start a comment.
    mutating func consumeTemplate() {
        if state == .plain { atWordStart = false }
        escaped = false
    }

    private mutating func step(_ c: Unicode.Scalar) {
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
            case "'": state = .single
            case "\"": state = .double
            case "#" where atWordStart: state = .comment
            default: break
            }
            // Only sh's blanks and operator characters end a word (not, say, a no-break space).
            atWordStart = " \t\n;&|()<>".unicodeScalars.contains(c)
        case .single:
            if c == "'" { state = .plain }
            atWordStart = false
        case .double:
            if c == "\\" { escaped = true } else if c == "\"" { state = .plain }
            atWordStart = false
        case .comment:
            if c == "\n" {
                state = .plain
                atWordStart = true
            }
        }
    }
}
