/// Follows POSIX sh quoting through a command, enough to tell whether a position is inside single
/// quotes, double quotes or neither (outside a comment).
///
/// Used to refuse `echo "{{ params.x }}"`: inside double quotes the single-quoted value would be
/// printed with its quotes and a `$(…)` in it would run. Heredoc bodies are not recognised.
struct ShellQuoteTracker {
    private enum State { case plain, single, double, comment }
    private var state = State.plain
    private var escaped = false
    private var atWordStart = true

    /// Inside single or double quotes (a comment does not count).
    var isQuoted: Bool { state == .single || state == .double }

    mutating func consume(_ text: Substring) {
        for c in text { step(c) }
    }

    /// A template's value is a word: a `#` right after it does not start a comment.
    mutating func consumeTemplate() {
        if state == .plain { atWordStart = false }
    }

    private mutating func step(_ c: Character) {
        if escaped {
            escaped = false
            atWordStart = false
            return
        }
        switch state {
        case .plain:
            switch c {
            case "\\": escaped = true
            case "'": state = .single
            case "\"": state = .double
            case "#" where atWordStart: state = .comment
            default: break
            }
            atWordStart = c.isWhitespace || ";&|()".contains(c)
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
