/// How POSIX `sh` splits a command into words, written plainly as the oracle for the template
/// fuzz tests: quotes, backslashes, comments, line continuations and the operators that end a word.
///
/// It reads Unicode scalars, not `Character`s, because `sh` reads bytes: every character that
/// matters to it is ASCII, and UTF-8 never hides an ASCII byte inside another character, whereas a
/// `Character` can glue a quote to the combining mark after it. Expansions (`$x`, `$(…)`) are
/// taken literally and here-documents are not recognised (the generators produce neither); the
/// two bash readings `/bin/sh` has on macOS and Red Hat systems are followed: `$'…'` processes
/// backslash escapes, and a backquoted command runs to the next unescaped backquote.
enum ReferenceShell {
    enum Context: Equatable {
        case plain, singleQuoted, doubleQuoted, dollarQuoted, backquoted, comment, escaped
    }

    /// The words of `text` (operators count as words; nil when a quote is left open), and the
    /// context each occurrence of `marker` was read in.
    static func read(_ text: String, marker: Unicode.Scalar? = nil) -> (words: [String]?, markers: [Context]) {
        let scalars = Array(text.unicodeScalars)
        var words: [String] = []
        var markers: [Context] = []
        var word = String.UnicodeScalarView()
        var inWord = false
        var context = Context.plain
        var index = 0
        func endWord() {
            if inWord { words.append(String(word)) }
            word = String.UnicodeScalarView()
            inWord = false
        }
        while index < scalars.count {
            let c = scalars[index]
            index += 1
            switch context {
            case .plain:
                switch c {
                case "\\":
                    guard index < scalars.count else {
                        word.append(c)
                        inWord = true
                        continue
                    }
                    let next = scalars[index]
                    index += 1
                    if next == "\n" { continue }  // a line continuation joins the lines
                    if next == marker { markers.append(.escaped) }
                    word.append(next)
                    inWord = true
                case "'":
                    context = .singleQuoted
                    inWord = true
                case "\"":
                    context = .doubleQuoted
                    inWord = true
                case "`":
                    context = .backquoted
                    inWord = true
                case "$" where index < scalars.count && scalars[index] == "'":
                    index += 1
                    context = .dollarQuoted
                    inWord = true
                case "#" where !inWord:
                    context = .comment
                case " ", "\t", "\n":
                    endWord()
                case ";", "&", "|", "(", ")", "<", ">":
                    endWord()
                    words.append(String(c))
                default:
                    if c == marker { markers.append(.plain) }
                    word.append(c)
                    inWord = true
                }
            case .singleQuoted:
                if c == "'" {
                    context = .plain
                } else {
                    if c == marker { markers.append(.singleQuoted) }
                    word.append(c)
                }
            case .doubleQuoted:
                if c == "\\", index < scalars.count, ["$", "`", "\"", "\\", "\n"].contains(scalars[index]) {
                    if scalars[index] != "\n" { word.append(scalars[index]) }
                    index += 1
                } else if c == "\"" {
                    context = .plain
                } else {
                    if c == marker { markers.append(.doubleQuoted) }
                    word.append(c)
                }
            case .dollarQuoted, .backquoted:
                let closing: Unicode.Scalar = context == .backquoted ? "`" : "'"
                if c == "\\", index < scalars.count {
                    if scalars[index] == marker { markers.append(context) }
                    word.append(scalars[index])
                    index += 1
                } else if c == closing {
                    context = .plain
                } else {
                    if c == marker { markers.append(context) }
                    word.append(c)
                }
            case .comment:
                if c == "\n" {
                    context = .plain
                } else if c == marker {
                    markers.append(.comment)
                }
            case .escaped:
                break  // only ever a marker's context, never a reading state
            }
        }
        guard [.plain, .comment].contains(context) else { return (nil, markers) }
        endWord()
        return (words, markers)
    }
}
