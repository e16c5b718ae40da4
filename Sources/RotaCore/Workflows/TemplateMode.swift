/// How a rendered value is inserted into the text around it.
public enum TemplateMode: Sendable, Equatable {
    /// For a command run by `/bin/sh -c`: every value becomes one single-quoted word
    /// (`'` is written `'\''`), so a value such as `a'; rm -rf / #` is an argument, never code.
    /// This only holds when the template stands outside quotes in the command:
    /// `echo {{ params.x }}`, not `echo "{{ params.x }}"` (inside double quotes the value's
    /// quotes would be printed and `$(…)` in it would run). `TemplateChecker` rejects templates
    /// inside quotes in shell commands.
    case shell
    /// As is: environment values, URLs, request bodies, file paths.
    case raw

    /// `value` ready to insert in this mode.
    public func insert(_ value: String) -> String {
        switch self {
        case .raw: return value
        case .shell:
            // Scalar by scalar: `sh` reads bytes, while a `Character` glues a quote to a combining
            // mark after it (`'` + U+0301), which a Character-level replace would leave unescaped.
            var quoted = String.UnicodeScalarView()
            quoted.append("'")
            for scalar in value.unicodeScalars {
                if scalar == "'" { quoted.append(contentsOf: #"'\''"#.unicodeScalars) } else { quoted.append(scalar) }
            }
            quoted.append("'")
            return String(quoted)
        }
    }
}
