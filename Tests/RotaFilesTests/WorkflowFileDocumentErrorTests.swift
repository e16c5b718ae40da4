import Testing
import RotaCore
import RotaFiles

/// Problems with a workflow file as a document: YAML syntax, duplicate keys, anchors, nesting, missing files.
@Suite struct WorkflowFileDocumentErrorTests {
    private func problems(_ text: String) -> [String] { WorkflowFileTestSupport.problems(text) }

    /// Proves YAML syntax errors carry their line, and documents that are not a workflow mapping are refused.
    @Test func syntaxErrorsAndWrongDocuments() {
        #expect(problems("id: w\ntasks:\n  - id: a\n    command: x\n   bad: 1\n")
                == ["w.yaml:5: not valid JSON or YAML: did not find expected '-' indicator (while parsing a block collection at line 3)"])
        #expect(problems("id: w\ntasks:\n\t- id: a\n")
                == ["w.yaml:3: not valid JSON or YAML: found character that cannot start any token (while scanning for the next token at line 3)"])
        #expect(problems("id: w\nid: v\ntasks:\n  - id: a\n    command: x\n    command: y\n")
                == [#"w.yaml:2: duplicate key "id""#, #"w.yaml:6: duplicate key "command""#])
        #expect(problems("id: w\n---\nid: v\n") == [#"w.yaml:2: more than one YAML document ("---"); a file holds one"#])
        #expect(problems("- a\n- b\n") == ["w.yaml:1: expected a mapping of workflow fields, got an array"])
        #expect(problems("") == ["w.yaml: the file is empty"])
        #expect(problems("# only a comment\n") == ["w.yaml: the file is empty"])
    }

    /// Proves anchors and aliases are refused, and a billion-laughs file is refused at once.
    @Test(.timeLimit(.minutes(1))) func anchorsAndAliasBombsRefused() {
        #expect(problems("id: w\nbase: &b {command: x}\ntasks:\n  - *b\n") == [
            #"w.yaml:2: YAML anchors and aliases are not supported (found anchor "&b"); write the values out"#,
            #"w.yaml:4: YAML anchors and aliases are not supported (found alias "*b"); write the values out"#,
        ])
        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { bomb += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        bomb += "? *a9\n: key bomb\n"
        let found = problems(bomb)
        #expect(found.count == 101)
        #expect(found.first == #"w.yaml:1: YAML anchors and aliases are not supported (found anchor "&a0"); write the values out"#)
    }

    /// Proves nesting deeper than 64 levels is refused before it reaches the recursive parser.
    @Test(arguments: [65, 100_000]) func deepNestingRefused(depth: Int) {
        let deep = "id: w\nx: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        #expect(problems(deep) == ["w.yaml:2: nested deeper than 64 levels"])
        let fine = "id: w\ntasks:\n  - id: a\n    http: {url: 'https://x.example'}\n    trigger_workflow: {workflow: b, conf: {a: "
            + String(repeating: "[", count: 59) + String(repeating: "]", count: 59) + "}}\n"
        #expect(problems(fine) == ["w.yaml:3: tasks[0]: more than one executor (http, trigger_workflow); give exactly one"])
    }

    /// Proves JSON text is read as the same workflow.
    @Test func jsonIsAccepted() throws {
        let w = try WorkflowFileTestSupport.load(#"{"id": "w", "tasks": [{"id": "a", "command": "echo {{ ds }}"}]}"#)
        #expect(w.tasks.map(\.config) == [["command": "echo {{ ds }}", "shell": "true"]])
    }

    /// Proves an unreadable path is reported as a file problem.
    @Test func missingFileReported() {
        guard case .failure(let errors) = WorkflowFileLoader.load(path: "/nonexistent/rota/w.yaml") else {
            Issue.record("expected a failure")
            return
        }
        #expect(errors.description == "/nonexistent/rota/w.yaml: cannot read the file")
    }
}
