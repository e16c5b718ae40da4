/// Splits a command line into argv the way Dkron's shell executor does when a job
/// is not marked `shell: true` (Go's `mattn/go-shellwords` with its defaults).
///
/// Why: Dkron users write `command: "curl -s 'http://x/y z'"` and expect it to run
/// without a shell. Reproducing the same splitting keeps migrated jobs working and
/// avoids a `/bin/sh` per run. The rules:
/// - unquoted space, tab, CR and LF separate words; runs of them count once;
/// - `'…'` keeps everything literally, including backslashes;
/// - `"…"` keeps whitespace, and a backslash in it makes the next character literal;
/// - outside quotes a backslash makes the next character literal (`a\ b` is one word);
/// - quotes join with adjacent text (`--name="a b"` is one word) and `""` is an
///   empty word;
/// - `$VAR`, backticks, `$(…)`, `(` and `)` get no special meaning; there is no
///   expansion of any kind.
///
/// One deliberate difference: go-shellwords silently stops at an unquoted `;`, `&`,
/// `|`, `<` or `>` and drops the rest of the line, so `a > out.txt` runs `a` and
/// discards its output. Here that throws, naming the operator, since such a command
/// needs `shell: true` to do what its author meant.
public enum ShellWords {
    /// Splits `line` into words.
    /// - Throws: `ProcessLaunchError` on an unterminated quote, a trailing backslash,
    ///   or an unquoted shell operator.
    public static func split(_ line: String) throws(ProcessLaunchError) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var inWord = false  // a word has started (possibly empty, from quotes)
        var quote: Unicode.Scalar? = nil  // the open quote character, if any
        var escaping = false

        for scalar in line.unicodeScalars {
            if escaping {
                current.append(scalar)
                inWord = true
                escaping = false
                continue
            }
            switch (quote, scalar) {
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case ("'", _):
                current.append(scalar)
            case ("\"", "\\"), (nil, "\\"):
                escaping = true
            case ("\"", _):
                current.append(scalar)
            case (nil, "'"), (nil, "\""):
                quote = scalar
                inWord = true
            case (nil, " "), (nil, "\t"), (nil, "\r"), (nil, "\n"):
                if inWord {
                    words.append(String(current))
                    current = String.UnicodeScalarView()
                    inWord = false
                }
            case (nil, ";"), (nil, "&"), (nil, "|"), (nil, "<"), (nil, ">"):
                throw ProcessLaunchError(
                    "shell operator '\(scalar)' in command line: run it with shell: true"
                )
            default:
                current.append(scalar)
                inWord = true
            }
        }

        if escaping {
            throw ProcessLaunchError("unterminated escape: command line ends with a backslash")
        }
        if let quote {
            let kind = quote == "'" ? "single" : "double"
            throw ProcessLaunchError("unterminated \(kind) quote in command line")
        }
        if inWord {
            words.append(String(current))
        }
        return words
    }
}
