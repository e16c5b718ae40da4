import Foundation
import RotaCore
import RotaFiles
import RotaTesting
import Testing

/// Seeded fuzzing of `WorkflowFileLoader.parse`: grammar-aware workflow files (every section, valid
/// and invalid values, odd YAML scalars), hostile shapes (alias bombs, deep nesting, huge lists,
/// several documents), and byte-level damage to all of them.
///
/// Contract: any text loads or yields at least one problem, each with a message and a line inside
/// the file; nothing traps, recurses off the stack or takes long; and a workflow that loads is
/// valid as a whole (unique ids, known and acyclic upstreams, a schedule and zone that parse).
@Suite struct WorkflowFuzzTests {
    /// Proves random, hostile and damaged workflow files load or fail with located problems, and
    /// that what loads is valid as a whole.
    @Test func randomWorkflowFilesLoadValidOrFailWithLocatedProblems() {
        var loaded = 0
        var total = 0
        FuzzRun.forEachIteration(target: "workflow", default: 1_200) { fuzz in
            var text = fuzz.random.chance(8) ? WorkflowGrammar.hostile(using: &fuzz.random)
                : WorkflowGrammar.document(using: &fuzz.random)
            if fuzz.random.chance(40) {
                text = FuzzMutator.mutate(text, tokens: WorkflowGrammar.tokens, maxRounds: 6, using: &fuzz.random)
            }
            fuzz.trace(text)
            let result = fuzz.timed("loading \(text.prefix(300).debugDescription)… (\(text.utf8.count) bytes)") {
                WorkflowFileLoader.parse(text: text, file: "fuzz.yaml")
            }
            total += 1
            // Every character YAML may count as a line break (and `\r\n` as two, to stay generous).
            let lineCount = text.unicodeScalars.filter { ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains($0) }.count + 1
            switch result {
            case .failure(let errors):
                fuzz.check(!errors.problems.isEmpty, "failed without a problem: \(text.debugDescription)")
                for problem in errors.problems {
                    fuzz.check(!problem.message.isEmpty && problem.file == "fuzz.yaml",
                               "a problem without a message or file (\(problem)) in \(text.debugDescription)")
                    if let line = problem.line {
                        fuzz.check((1...lineCount + 1).contains(line),
                                   "line \(line) of a \(lineCount)-line file (\(problem)) in \(text.debugDescription)")
                    }
                }
            case .success(let workflow):
                loaded += 1
                for problem in Self.invalidities(of: workflow) {
                    fuzz.fail("loaded but \(problem): \(text.debugDescription)")
                }
            }
            if fuzz.random.chance(5) {
                let again = WorkflowFileLoader.parse(text: text, file: "fuzz.yaml")
                fuzz.check(again == result, "two loads of the same text differ: \(text.debugDescription)")
            }
        }
        // Guard the generator's reach: the checks of loaded workflows must actually run.
        #expect(loaded * 20 > total, "only \(loaded) of \(total) generated files loaded")
    }

    /// What makes a loaded workflow invalid as a whole; empty when it is valid.
    static func invalidities(of workflow: WorkflowDefinition) -> [String] {
        var problems: [String] = []
        let ids = workflow.tasks.map(\.id)
        if workflow.id.isEmpty { problems.append("no id") }
        if ids.isEmpty { problems.append("no tasks") }
        if ids.contains("") { problems.append("a task without an id") }
        if Set(ids).count != ids.count { problems.append("repeated task ids") }
        for task in workflow.tasks where !task.upstream.allSatisfy(ids.contains) || Set(task.upstream).count != task.upstream.count {
            problems.append("task \(task.id) has unknown or repeated upstreams \(task.upstream)")
        }
        if DagGraph(workflow.tasks.map { ($0.id, $0.upstream) }).firstCycle() != nil { problems.append("a cycle") }
        if let schedule = workflow.schedule, (try? Schedule.parse(schedule, jobName: workflow.id)) == nil {
            problems.append("schedule \(schedule.debugDescription) does not parse")
        }
        if !workflow.timezone.isEmpty, TimeZone(identifier: workflow.timezone) == nil {
            problems.append("unknown zone \(workflow.timezone)")
        }
        if let start = workflow.startDate, let end = workflow.endDate, end <= start { problems.append("ends before it starts") }
        return problems
    }
}

/// A generator of workflow files: each section present or not, each value valid or not, and
/// values swapped for YAML scalars that read as other types.
enum WorkflowGrammar {
    static let tokens = [
        "id:", "tasks:", "- id: ", "upstream: [", "command: ", "{{ ds }}", "{{ params.p }}", ":", "- ", "  ", "\n", "#",
        "&a ", "*a", "<<: ", "[", "]", "{", "}", "\"", "'", "|", ">", "!!", "---", "...", "\t", "? ", "%YAML 1.1\n",
    ]

    /// Scalars YAML reads as something unexpected: nulls, booleans, sexagesimal numbers, tags.
    static let oddScalars = [
        "~", "null", "[]", "{}", "yes", "no", "on", "0x1F", "0o17", "1e400", "-1e400", ".nan", "+.inf", "1_000", "12:30:00",
        "2026-01-01", "!!binary aGk=", "!!str 5", "!!int x", "!!float 1", "'quoted'", "\"esc\\u0041\\t\"", "\"\\x00\"",
        "9223372036854775808", "-9223372036854775809", "0.1e1", "\"\"", "' '", "é", "!custom x", "|\n    block\n",
    ]

    private static let schedules = [
        "@daily", "@every 1h30m", "0 30 2 * * *", "*/15 * * * *", "TZ=Europe/Berlin 0 9 * * mon-fri", "@at 2026-01-01T09:00:00Z",
        "@manually", "~ ~ * * *",
    ]
    private static let badSchedules = ["@once", "@quarterly", "0 0 30 2 *", "61 * * * *", "@every 0s", "TZ=Mars/Base @daily"]
    private static let durations = ["10s", "5m", "1h30m", "90", "1.5"]
    private static let badDurations = ["0", "-5s", "5 minutes", "99999999999h", "1e11", "x"]

    /// A workflow file; half of them are clean (every choice valid), so the checks of loaded
    /// workflows run, the rest mix in invalid values at every field.
    static func document(using random: inout FuzzRandom) -> String {
        var g = Choices(clean: random.chance(50), random: random)
        defer { random = g.random }
        var lines: [String] = []
        func field(_ key: String, _ valid: [String], _ invalid: [String], _ percent: Int) {
            guard g.random.chance(percent) else { return }
            lines.append("\(key): \(g.pick(valid, invalid))")
        }
        field("id", ["etl", "w_1", "nightly-load", "a"], ["Bad Id", "", "ünï"], 100)
        field("description", ["fuzzed workflow", "\"a: b\""], oddScalars, 30)
        field("owner", ["team"], ["[x]"], 20)
        field("tags", ["[a, b]", "x"], ["[1, {k: v}]"], 20)
        field("schedule", schedules.map { "\"\($0)\"" }, badSchedules.map { "\"\($0)\"" }, 50)
        field("timezone", ["Europe/Berlin", "UTC", "America/New_York"], ["Mars/Base", "europe/berlin", "\"\""], 20)
        field("start_date", ["2026-01-01", "2026-01-01T00:00:00Z"], ["2026-02-30", "\"2026-13-01\"", "12"], 25)
        field("end_date", ["2027-01-01", "2027-01-01T00:00:00+01:00"], ["2025-01-01", "x"], 15)
        field("catchup", ["true", "false"], ["3", "\"yes\""], 15)
        field("max_active_runs", ["1", "16"], ["0", "10001", "2.5", "-1"], 15)
        field("max_active_tasks", ["16"], ["100001"], 10)
        if !g.clean, g.random.chance(10) { lines.append(g.random.pick(["dag_id: x", "schedule_interval: \"@daily\"", "unknown_key: 1"])) }
        if g.random.chance(45) {
            lines.append("params:")
            lines.append("  p: " + g.pick(["{type: string, default: eu, enum: [eu, us]}", "eu", "{type: number, default: 1.5, description: d}"],
                                          ["{type: integer, default: x}", "{type: strng}", "{enum: []}", "~"]))
            if g.random.chance(50) { lines.append("  n: " + g.pick(["5", "[1, 2]", "{type: array, default: [1]}", "true"], ["{type: x}"])) }
            if !g.clean, g.random.chance(10) { lines.append(g.random.pick(["  bad name: x", "  P: y", "  1x: z"])) }
        }
        if g.random.chance(30) {
            lines.append("defaults:")
            lines.append("  retries: " + g.pick(["1", "0", "1000"], ["1001", "-1", "x"]))
            lines.append("  retry_delay: " + g.pick(durations, badDurations))
            if g.random.chance(50) { lines.append("  execution_timeout: " + g.pick(durations, badDurations)) }
            if g.random.chance(30) { lines.append("  trigger_rule: " + g.pick(["all_done", "one_success"], ["all_sucess", "x"])) }
        }
        if g.clean || g.random.chance(95) { lines.append("tasks:" + (!g.clean && g.random.chance(3) ? " []" : "")) }
        let count = g.random.chance(90) ? g.random.int(1...6) : g.random.int(7...40)
        let ids = (0..<count).map { g.clean || g.random.chance(95) ? "t\($0)" : g.random.pick(["t0", "", "T X", "t\($0 + 1)"]) }
        for (index, id) in ids.enumerated() {
            lines += task(id: id, index: index, ids: ids, &g)
        }
        if g.random.chance(20) {
            lines.append("notifications:")
            let sla = g.random.chance(50)
            lines.append("  - on: " + (sla ? g.pick(["[sla_miss]"], ["[]"]) : g.pick(["[failure]", "failure", "[success, retry]"], ["[failur]"])))
            lines.append("    " + g.pick(["webhook: {url: https://hooks.example.com/x}", "email: {to: [ops@example.com]}"],
                                         ["webhook: {url: \"{{ ds }}\"}", "webhook: {url: ftp://x}", "sla: 2h"]))
            if sla { lines.append("    sla: " + g.pick(["2h", "30m"], badDurations)) }
        }
        let separator = g.random.chance(5) ? "\r\n" : "\n"
        return (g.random.chance(3) ? "\u{FEFF}" : "") + lines.joined(separator: separator) + (g.random.chance(80) ? "\n" : "")
    }

    /// The generator and whether this file stays valid.
    struct Choices {
        let clean: Bool
        var random: FuzzRandom

        /// A valid option, or (in an unclean file, one time in six) an invalid one or an odd scalar.
        mutating func pick(_ valid: [String], _ invalid: [String]) -> String {
            guard !clean, random.chance(16) else { return random.pick(valid) }
            return random.chance(70) ? random.pick(invalid.isEmpty ? oddScalars : invalid) : random.pick(WorkflowGrammar.oddScalars)
        }
    }

    private static func task(id: String, index: Int, ids: [String], _ g: inout Choices) -> [String] {
        var lines = ["  - id: \(id)"]
        if g.random.chance(50), index > 0 || (!g.clean && g.random.chance(10)) {
            // Earlier tasks; in unclean files sometimes later ones (cycles), itself, unknown or repeated ids.
            let upstream = (0..<g.random.int(1...3)).map { _ in
                g.clean || g.random.chance(85) ? ids[g.random.int(0..<max(index, 1))] : g.random.pick(ids + ["nope", id, "t"])
            }
            let unique = g.clean ? Array(Set(upstream)).sorted() : upstream
            lines.append("    upstream: " + (unique.count == 1 && g.random.chance(30) ? unique[0] : "[\(unique.joined(separator: ", "))]"))
        }
        let reference = index > 0 ? ids[g.random.int(0..<index)] : "t0"
        let good = ["{{ ds }}", "{{ params.p }}", "{{ run_id }}", "{{ ti.try_number }}"]
        let bad = ["{{ params.q }}", "{{ dss }}", "{{ ds | upper }}", "\"{{ ds }}\"", "{{ ts", "# {{ ds }}", "\\{{ ds }}"]
        switch g.random.int(0..<10) {
        case 0..<6:
            // A param or task result is only named where it exists; elsewhere those count as invalid.
            var valid = ["{{ ds }}", "{{ run_id }}", "{{ ti.try_number }}"]
            if index > 0 { valid.append("{{ tasks.\(reference).result }}") }
            let word = g.pick(valid, bad + good)
            let command = "echo \(word) \(g.random.pick(["", "&& sleep 1", "'x'", "\"a b\""]))"
            lines.append("    command: " + (g.random.chance(70) ? command : "\"\(command.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""))
        case 6:
            let url = g.pick(["https://example.com/"], ["ftp://x/", "not a url", "{{ params.p }}/x"]) + g.pick(["{{ ds }}", "x"], ["{{ dss }}"])
            let method = g.pick(["POST", "GET"], ["P0ST"])
            let extra = g.random.chance(30) ? ", expect_code: " + g.pick(["[200, 201]", "204"], ["[200, 99]"]) : ""
            let body = g.random.chance(20) ? ", expect_body: " + g.pick(["\"ok.*\""], ["\"(a+\""]) : ""
            lines.append("    http: {url: \"\(url)\", method: \(method)\(extra)\(body)}")
        case 7:
            lines.append("    trigger_workflow: " + g.pick(["other", "{workflow: other, conf: {k: \"{{ ds }}\"}, wait: true}"], ["{workflow: etl}", "{conf: 1}"]))
        case 8 where !g.clean:
            lines.append("    command: echo one")
            lines.append("    http: {url: https://example.com}")
        case 9 where !g.clean:
            break  // no executor
        default:
            lines.append("    command: echo plain")
        }
        if g.random.chance(20) { lines.append("    retries: " + g.pick(["2", "1000"], ["x", "1001"])) }
        if g.random.chance(15) { lines.append("    execution_timeout: " + g.pick(durations, badDurations)) }
        if g.random.chance(10) { lines.append("    env: {A: \"{{ ds }}\"" + g.pick([""], [", ROTA_X: y", ", 1BAD: z"]) + "}") }
        if g.random.chance(10) { lines.append("    outputs: [\"/data/{{ ds }}.csv\"" + g.pick([""], [", relative.txt"]) + "]") }
        if g.random.chance(10) { lines.append("    trigger_rule: " + g.pick(["all_done", "none_failed_min_one_success"], ["bogus"])) }
        if !g.clean, g.random.chance(5) { lines.append("    bash_command: echo") }
        return lines
    }

    /// Shapes that attack the reader rather than the schema.
    static func hostile(using random: inout FuzzRandom) -> String {
        switch random.int(0..<9) {
        case 0:
            let depth = random.int(30...5_000)
            return "id: deep\ntasks: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        case 1:
            let depth = random.int(30...2_000)
            return "id: deep\ntasks:\n" + (0..<depth).map { String(repeating: " ", count: $0 + 2) + "a:" }.joined(separator: "\n") + " 1\n"
        case 2:
            var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
            for level in 1..<random.int(2...12) {
                let previous = "*a\(level - 1)"
                lines.append("a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]")
            }
            return "id: bomb\n" + lines.joined(separator: "\n") + "\ntasks: *a\(lines.count - 1)\n"
        case 3:
            return "id: many\ntasks:\n" + (0..<random.int(100...3_000)).map { "  - id: t\($0)\n    command: echo {{ tasks.t\(max($0 - 1, 0)).result }}\n    upstream: [t\(max($0 - 1, 0))]" }.joined(separator: "\n") + "\n"
        case 4:
            return "id: dupes\n" + String(repeating: "id: again\n", count: random.int(2...500)) + "tasks: [{id: a, command: x}]\n"
        case 5:
            return "id: a\ntasks: [{id: a, command: x}]\n---\nid: b\n"
        case 6:
            return "id: long\ndescription: " + String(repeating: random.pick(["x", "é", "{{", "\\"]), count: random.int(1_000...100_000)) + "\ntasks: [{id: a, command: x}]\n"
        case 7:
            return "id: wide\ntasks: [{id: a, command: x, upstream: [" + (0..<random.int(100...5_000)).map { "u\($0)" }.joined(separator: ", ") + "]}]\n"
        default:
            return "{\"id\": \"json\", \"tasks\": [" + (0..<random.int(1...50)).map { "{\"id\": \"t\($0)\", \"command\": \"echo {{ ds }}\"}" }.joined(separator: ", ") + "]}"
        }
    }
}
