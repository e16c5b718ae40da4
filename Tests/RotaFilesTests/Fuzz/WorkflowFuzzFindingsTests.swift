import Foundation
import Testing
import RotaCore
import RotaFiles

/// One test per defect the workflow fuzz tests found: each used to take time or memory growing
/// with the square of the file (minutes to hours for a file under the 4 MiB limit, which the API
/// accepts in a request body).
@Suite struct WorkflowFuzzFindingsTests {
    /// A debug build on a loaded two-core machine loads each file below in about half a second;
    /// before the fixes each took from 4 seconds to several minutes.
    static let limit: Duration = .seconds(3)

    private func load(_ text: String) -> (problems: [String], elapsed: Duration) {
        let (result, elapsed) = FuzzRun.timed { WorkflowFileLoader.parse(text: text, file: "w.yaml") }
        if case .failure(let errors) = result { return (errors.messages, elapsed) }
        return ([], elapsed)
    }

    private func tasks(_ count: Int, _ body: (Int) -> String) -> String {
        "id: big\ntasks:\n" + (0..<count).map { "  - id: t\($0)\n" + body($0) }.joined()
    }

    /// Proves thousands of unknown upstream names load fast: did-you-mean hints compare each name
    /// with every task id, so they stop once a per-file budget is spent (the problems remain).
    @Test func unknownUpstreamNamesInABigFileLoadInLinearTime() {
        let (problems, elapsed) = load(tasks(4_000) { "    command: x\n    upstream: [u\($0)]\n" })
        #expect(elapsed < Self.limit)
        #expect(problems.count == 4_000)
        #expect(problems.first == #"w.yaml:5: tasks[0].upstream[0]: unknown task "u0"; did you mean "t0"?"#)
        #expect(problems.last == #"w.yaml:12002: tasks[3999].upstream[0]: unknown task "u3999""#)
    }

    /// Proves result references along a long chain load fast: upstream reachability is computed
    /// 64 referenced tasks at a time instead of as a set of ancestors per task.
    @Test func resultReferencesAlongALongChainLoadInLinearTime() {
        let chain = tasks(4_000) { $0 == 0 ? "    command: x\n" : "    command: echo {{ tasks.t0.result }} {{ tasks.t\($0 - 1).result }}\n    upstream: [t\($0 - 1)]\n" }
        let (problems, elapsed) = load(chain)
        #expect(elapsed < Self.limit)
        #expect(problems == [])
        let backwards = tasks(4_000) { "    command: echo {{ tasks.t\(($0 + 1) % 4_000).result }}\n" + ($0 == 0 ? "" : "    upstream: [t\($0 - 1)]\n") }
        let (reversed, reversedElapsed) = load(backwards)
        #expect(reversedElapsed < Self.limit)
        #expect(reversed.count == 3_999)
        #expect(reversed.first == #"w.yaml:4: tasks[0].command: "{{ tasks.t1.result }}": task "t1" is not upstream of "t0", so its result may not exist yet"#)
    }

    /// Proves a reference below a cycle waits for the cycle to be fixed, as further cycles do,
    /// instead of being judged on a graph without a topological order.
    @Test func resultReferencesBelowACycleAreCheckedOnceTheCycleIsFixed() {
        let cyclic = "id: w\ntasks:\n  - {id: a, command: x, upstream: [b]}\n  - {id: b, command: x, upstream: [a]}\n"
            + "  - {id: c, command: x, upstream: [b]}\n  - {id: d, command: \"echo {{ tasks.c.result }}\", upstream: [c]}\n"
            + "  - {id: e, command: \"echo {{ tasks.c.result }}\"}\n"
        #expect(load(cyclic).problems == [
            "w.yaml:3: tasks[0].upstream: cycle: a -> b -> a",
            #"w.yaml:7: tasks[4].command: "{{ tasks.c.result }}": task "c" is not upstream of "e", so its result may not exist yet"#,
        ])
    }

    /// Proves thousands of templates naming undeclared params load fast: names are looked up in a
    /// set, and hints stop once the per-file budget is spent.
    @Test func unknownParamsInManyTemplatesLoadInLinearTime() {
        let params = "params:\n" + (0..<4_000).map { "  p\($0): x\n" }.joined()
        let text = "id: big\n" + params + "tasks:\n" + (0..<4_000).map { "  - id: t\($0)\n    command: echo {{ params.p\($0) }} {{ params.q\($0) }}\n" }.joined()
        let (problems, elapsed) = load(text)
        #expect(elapsed < Self.limit)
        #expect(problems.count == 4_000)
        #expect(problems.first == #"w.yaml:4005: tasks[0].command: "{{ params.q0 }}": unknown param "q0"; did you mean "p0"?"#)
        #expect(problems.last == #"w.yaml:12003: tasks[3999].command: "{{ params.q3999 }}": unknown param "q3999""#)
    }

    /// Proves names of hundreds of kilobytes (a zone, a template variable, an upstream, a field)
    /// get their problem fast: a candidate whose length is too far off is never compared.
    @Test func longNamesAreReportedWithoutComparingTheirWholeLengthToEveryCandidate() {
        let long = String(repeating: "x", count: 400_000)
        for text in [
            "id: a\ntimezone: \(long)\ntasks: [{id: a, command: x}]\n",
            "id: a\ntasks: [{id: a, command: \"{{ \(long) }}\"}]\n",
            "id: a\ntasks: [{id: a, command: x}, {id: b, command: x, upstream: [\(long)]}]\n",
            "id: a\n\(long): 1\ntasks: [{id: a, command: x}]\n",
        ] {
            let (problems, elapsed) = load(text)
            #expect(elapsed < Self.limit)
            #expect(problems.count == 1)
        }
        #expect(load("id: a\ntimezone: Europe/Berln\ntasks: [{id: a, command: x}]\n").problems
                == [#"w.yaml:2: timezone: unknown time zone "Europe/Berln" (use an IANA name such as Europe/Berlin); did you mean "Europe/Berlin"?"#])
    }

    /// Proves the nodes under a key of a megabyte do not each copy the key into their path (which
    /// took gigabytes of memory for a few thousand nodes).
    @Test func nodesUnderAMegabyteKeyDoNotCopyItsPath() {
        let key = String(repeating: "k", count: 1_000_000)
        let text = "id: a\ntasks: [{id: a, command: x}]\n? \(key)\n: {a: [" + (0..<20_000).map { "c\($0)" }.joined(separator: ", ") + "]}\n"
        let (problems, elapsed) = load(text)
        #expect(elapsed < Self.limit)
        #expect(problems == ["w.yaml:3: \(key): unknown field"])
    }

    /// Proves a `timezone:` Foundation would misparse as a GMT offset is an unknown zone, not a
    /// trap that ends the process.
    @Test func malformedOffsetTimezoneIsAProblemNotACrash() {
        let problems = load("id: a\ntimezone: UTC+01:T0\ntasks: [{id: a, command: x}]\n").problems
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix(#"w.yaml:2: timezone: unknown time zone "UTC+01:T0""#) == true)
    }
}
