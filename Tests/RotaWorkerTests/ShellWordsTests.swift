import Testing
import RotaWorker

struct ShellWordsTests {
    /// Unquoted whitespace of any kind and length separates words.
    @Test func splitsOnWhitespace() throws {
        #expect(try ShellWords.split("  ls   -l\t/tmp\n") == ["ls", "-l", "/tmp"])
        #expect(try ShellWords.split("") == [])
        #expect(try ShellWords.split(" \t ") == [])
    }

    /// Quotes keep whitespace and join with adjacent text; empty quotes are a word.
    @Test(arguments: [
        (#"echo 'a b' "c d""#, ["echo", "a b", "c d"]),
        (#"--name="a b"x"#, ["--name=a bx"]),
        (#"a '' b "" c"#, ["a", "", "b", "", "c"]),
        (#"echo "it's" 'say "hi"'"#, ["echo", "it's", #"say "hi""#]),
        (#"curl -s 'http://x/y?a=1&b=2'"#, ["curl", "-s", "http://x/y?a=1&b=2"]),
    ])
    func handlesQuotes(line: String, expected: [String]) throws {
        #expect(try ShellWords.split(line) == expected)
    }

    /// Backslashes escape outside single quotes and are literal inside them.
    @Test(arguments: [
        (#"a\ b c"#, ["a b", "c"]),
        (#""a\"b""#, [#"a"b"#]),
        (#""a\\b""#, [#"a\b"#]),
        (#"'a\b'"#, [#"a\b"#]),
        (#"\'x\'"#, ["'x'"]),
        (#"\;"#, [";"]),
    ])
    func handlesEscapes(line: String, expected: [String]) throws {
        #expect(try ShellWords.split(line) == expected)
    }

    /// Dollar signs, backticks and parentheses are plain characters (no expansion).
    @Test func performsNoExpansion() throws {
        #expect(try ShellWords.split("echo $HOME `id` $(x)") == ["echo", "$HOME", "`id`", "$(x)"])
    }

    /// An unterminated quote or a trailing backslash is an error.
    @Test(arguments: ["echo 'abc", #"echo "abc"#, #"echo abc\"#, #"'a' "b"#])
    func rejectsUnterminatedInput(line: String) {
        let error = #expect(throws: ProcessLaunchError.self) { try ShellWords.split(line) }
        #expect(error?.message.contains("unterminated") == true)
    }

    /// Unquoted shell operators are rejected instead of silently dropping the rest.
    @Test(arguments: ["a > out.txt", "a | b", "a; b", "a && b", "a < in"])
    func rejectsShellOperators(line: String) {
        let error = #expect(throws: ProcessLaunchError.self) { try ShellWords.split(line) }
        #expect(error?.message.contains("shell: true") == true)
    }

    /// Quoted operators are ordinary text.
    @Test func acceptsQuotedOperators() throws {
        #expect(try ShellWords.split(#"echo "a > b" 'c | d'"#) == ["echo", "a > b", "c | d"])
    }
}
