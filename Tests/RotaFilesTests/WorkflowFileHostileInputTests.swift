import Foundation
import RotaCore
import RotaFiles
import Testing

/// Hostile workflow files: every bad value is reported with its file, line and field, and the
/// reader stays linear in the size of the file.
@Suite("Workflow file hostile input")
struct WorkflowFileHostileInputTests {
    /// Names, durations, times, schedules and paths that could escape or overflow are problems,
    /// each on its own line.
    @Test func hostileValuesAreReportedWithLineAndField() {
        let problems = WorkflowFileTestSupport.problems("""
            id: w
            schedule: "0 0 31 4 *"
            start_date: 0000-01-01
            end_date: "3100-01-01T00:00:00Z"
            params:
              \(String(repeating: "p", count: 201)): 1
            tasks:
              - id: a
                command: "true"
                retry_delay: 999999999999
                max_retry_delay: 9999999999h
                execution_timeout: 0s
                pool: "my pool"
                queue: "../q"
                cwd: /srv/{{ ds }}/../etc
                outputs: ["/data/../etc/passwd"]
                tags: {"a/b": x}
                env: {\(String(repeating: "E", count: 201)): x}
            """)
        let expected = [
            #"w.yaml:2: schedule: "0 0 31 4 *": never fires"#,
            #"w.yaml:3: start_date: "0000-01-01" is out of range (1970-01-01T00:00:00Z to 2999-12-31T23:59:59Z)"#,
            #"w.yaml:4: end_date: "3100-01-01T00:00:00Z" is out of range"#,
            "w.yaml:6: params.ppp",
            "w.yaml:10: tasks[0].retry_delay: must be at most 8760h (365 days)",
            "w.yaml:11: tasks[0].max_retry_delay: invalid duration \"9999999999h\": out of range",
            "w.yaml:12: tasks[0].execution_timeout: must be positive",
            #"w.yaml:13: tasks[0].pool: contains " ""#,
            #"w.yaml:14: tasks[0].queue: "../q" must start with a letter"#,
            #"w.yaml:15: tasks[0].cwd: "/srv/x/../etc" has a ".." component"#,
            #"w.yaml:16: tasks[0].outputs[0]: "/data/../etc/passwd" has a ".." component"#,
            #"w.yaml:17: tasks[0].tags.a/b: contains "/""#,
            "w.yaml:18: tasks[0].env.EEE",
        ]
        #expect(problems.count == expected.count, "\(problems)")
        for prefix in expected {
            #expect(problems.contains { $0.hasPrefix(prefix) }, "no \(prefix) in \(problems)")
        }
    }

    /// Templates the shell would not keep quoted are refused where they stand, here-documents
    /// included.
    @Test func templatesThatWouldEscapeTheirQuotingAreReported() {
        let problems = WorkflowFileTestSupport.problems("""
            id: w
            params: {x: hi}
            tasks:
              - id: a
                command: echo "{{ params.x }}"
              - id: b
                command: echo '{{ params.x }}'
              - id: c
                command: echo `{{ params.x }}`
              - id: d
                command: |
                  cat <<EOF
                  {{ params.x }}
                  EOF
              - id: e
                command: echo {{ params.x }} $( {{ params.x }} )
            """)
        #expect(problems.count == 4, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("w.yaml:5: tasks[0].command:") && $0.contains("inside quotes") })
        #expect(problems.contains { $0.hasPrefix("w.yaml:7: tasks[1].command:") && $0.contains("inside quotes") })
        #expect(problems.contains { $0.hasPrefix("w.yaml:9: tasks[2].command:") && $0.contains("backquotes") })
        #expect(problems.contains { $0.hasPrefix("w.yaml:11: tasks[3].command:") && $0.contains("here-document") })
    }

    /// A mapping of many keys reads in linear time: the duplicate-key check once copied its whole
    /// key set for every key (150,000 keys took minutes).
    @Test func aMappingOfManyKeysIsReadInLinearTime() {
        let keys = (0..<60_000).map { "  k\($0): 1\n" }.joined()
        let text = "id: w\ntasks: [{id: a, command: \"true\"}]\nparams:\n" + keys
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = WorkflowFileTestSupport.problems(text) }
        #expect(elapsed < .seconds(20), "60,000 keys took \(elapsed)")
    }

    /// Anchors and aliases ("billion laughs") and deep nesting are refused before the document is
    /// built, whatever else is wrong.
    @Test func yamlBombsAreRefusedBeforeComposing() {
        let laughs = """
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            """
        #expect(WorkflowFileTestSupport.problems(laughs).first?.contains("anchors and aliases are not supported") == true)
        let deep = "id: w\nx: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(WorkflowFileTestSupport.problems(deep) == ["w.yaml:2: nested deeper than 64 levels"])
        let huge = "id: w\ndescription: " + String(repeating: "x", count: WorkflowFileLoader.maxFileSize)
        #expect(WorkflowFileTestSupport.problems(huge) == ["w.yaml: larger than 4 MiB"])
    }
}
