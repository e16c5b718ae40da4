import Testing
import RotaCore
import RotaFiles

/// The JSON/YAML reader shared by job files and workflow files.
@Suite struct DocumentReaderTests {
    /// Proves every key and list item gets its line, and mapping keys keep their written order.
    @Test func recordsLinesAndKeyOrder() throws {
        var reader = DocumentReader()
        let value = try reader.parse("zeta: 1\nalpha:\n  - b: 2\n    a: 3\n").get()
        #expect(value == .object(["zeta": .number(1), "alpha": .array([.object(["b": .number(2), "a": .number(3)])])]))
        #expect(reader.lines == ["zeta": 1, "alpha": 2, "alpha[0]": 3, "alpha[0].b": 3, "alpha[0].a": 4])
        #expect(reader.keyOrder == ["": ["zeta", "alpha"], "alpha[0]": ["b", "a"]])
        #expect(reader.line(forMessage: "alpha[0].a: wrong") == 4)
        #expect(reader.line(forMessage: "alpha[0].a.deeper: wrong") == 4)
        #expect(reader.line(forMessage: "unknown field \"x\"") == nil)
    }

    /// Proves scalars keep YAML's types, and non-finite floats stay text so JSON can hold them.
    @Test func convertsScalars() throws {
        var reader = DocumentReader()
        let value = try reader.parse("a: yes\nb: 2\nc: 2.5\nd: ~\ne: .inf\nf: 2026-01-01\ng: '3'\n").get()
        #expect(value == .object(["a": .bool(true), "b": .number(2), "c": .number(2.5), "d": .null, "e": .string(".inf"),
                                  "f": .string("2026-01-01"), "g": .string("3")]))
    }

    /// Proves `read` keeps the job loader's `file:line: message` form, now with the line of a syntax error.
    @Test func readReportsFileAndLine() {
        var reader = DocumentReader()
        #expect(throws: RotaError.invalid("jobs.yaml:2: not valid JSON or YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 1)")) {
            try reader.read("[1, 2\n", file: "jobs.yaml")
        }
        #expect(throws: RotaError.invalid("jobs.yaml: the file is empty")) { try reader.read("", file: "jobs.yaml") }
        #expect(throws: RotaError.invalid(#"jobs.yaml:1: YAML anchors and aliases are not supported (found anchor "&j"); write the values out"#)) {
            try reader.read("- &j {name: a}\n- *j\n", file: "jobs.yaml")
        }
    }

    /// Proves a job array still reads with per-item key paths.
    @Test func readsJobArrays() throws {
        var reader = DocumentReader()
        let value = try reader.read("- name: a\n- name: b\n  schedule: '@daily'\n", file: "jobs.yaml")
        #expect(value == .array([.object(["name": .string("a")]), .object(["name": .string("b"), "schedule": .string("@daily")])]))
        #expect(reader.line(forMessage: "schedule: bad", prefix: "[1].") == 3)
    }
}
