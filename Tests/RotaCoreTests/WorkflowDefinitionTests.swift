import Foundation
import Testing
import RotaCore

/// The stored workflow model: JSON form, content hash, task resolution, params.
@Suite struct WorkflowDefinitionTests {
    static let sample = WorkflowDefinition(
        id: "etl", description: "Nightly", owner: "data", tags: ["etl"], schedule: "@daily", timezone: "Europe/Berlin",
        startDate: RFC3339.parse("2026-01-01T00:00:00Z"), catchup: true, maxActiveRuns: 1,
        params: [ParamSpec(name: "region", type: .string, defaultValue: .string("eu"), description: "Region",
                           enumValues: [.string("eu"), .string("us")])],
        tasks: [
            WorkflowTask(id: "extract", executor: "shell", config: ["command": "./x.sh {{ ds }}", "shell": "true"],
                         environment: ["MODE": "full"], executionTimeout: .seconds(3600), outputs: ["/data/{{ ds }}.csv"]),
            WorkflowTask(id: "ping", executor: "http", config: ["method": "GET", "url": "https://example.com"],
                         upstream: ["extract"], triggerRule: .allDone, executionTimeout: .milliseconds(1500),
                         notifications: [NotificationRule(events: ["failure"], email: EmailTarget(to: ["a@b.c"]))]),
        ],
        notifications: [NotificationRule(events: ["sla_miss"], webhook: WebhookTarget(url: "https://h.example/x"), slaSeconds: 60)])

    /// Proves a definition survives a JSON round trip unchanged.
    @Test func roundTripsThroughJSON() throws {
        let data = try JSONEncoder().encode(Self.sample)
        #expect(try JSONDecoder().decode(WorkflowDefinition.self, from: data) == Self.sample)
    }

    /// Proves keys are snake_case, dates RFC 3339 and the timeout milliseconds.
    @Test func encodesSnakeCaseKeys() {
        let json = Self.sample.canonicalJSON
        for fragment in [#""start_date":"2026-01-01T00:00:00Z""#, #""max_active_runs":1"#, #""max_active_tasks":16"#,
                         #""execution_timeout_ms":3600000"#, #""trigger_rule":"all_done""#, #""pool":"default_pool""#,
                         #""pool_slots":1"#, #""priority_weight":1"#, #""sla_seconds":60"#, #""default":"eu""#,
                         #""enum":["eu","us"]"#, #""delay_ms":300000"#, #""exponential_backoff":false"#] {
            #expect(json.contains(fragment), "\(fragment)")
        }
        #expect(!json.contains("end_date"))
    }

    /// Proves missing keys decode to the documented defaults.
    @Test func decodesDefaults() throws {
        let text = #"{"id":"w","tasks":[{"id":"t","executor":"shell","config":{"command":"true"}}]}"#
        let w = try JSONDecoder().decode(WorkflowDefinition.self, from: Data(text.utf8))
        #expect(w == WorkflowDefinition(id: "w", tasks: [WorkflowTask(id: "t", executor: "shell", config: ["command": "true"])]))
        let task = try #require(w.tasks.first)
        #expect(task.retry == RetryPolicy(retries: 0, delay: .seconds(300), exponentialBackoff: false, maxDelay: nil))
        #expect(task.pool == "default_pool" && task.poolSlots == 1 && task.priorityWeight == 1 && task.queue == "default")
        #expect(task.triggerRule == .allSuccess && w.maxActiveRuns == 16 && w.maxActiveTasks == 16 && !w.catchup)
    }

    /// Proves the content hash is stable, key-order independent and changes with the content.
    @Test func contentHashTracksContent() throws {
        let again = try JSONDecoder().decode(WorkflowDefinition.self, from: JSONEncoder().encode(Self.sample))
        #expect(again.contentHash == Self.sample.contentHash)
        #expect(Self.sample.contentHash.count == 16)
        var changed = Self.sample
        changed.tasks[0].config["command"] = "./y.sh"
        #expect(changed.contentHash != Self.sample.contentHash)
        #expect(Self.sample.contentHash == ContentHash.hex(of: Self.sample.canonicalJSON))
    }

    /// Proves a task resolves to the engine's TaskSpec with the timeout in each executor's unit.
    @Test func resolvesTaskSpec() throws {
        let shell = Self.sample.taskSpec(for: Self.sample.tasks[0])
        #expect(shell == TaskSpec(executor: "shell", config: ["command": "./x.sh {{ ds }}", "shell": "true", "timeout": "1h0m0s"],
                                  retry: WorkflowTask.defaultRetry, environment: ["MODE": "full"],
                                  outputs: ["/data/{{ ds }}.csv"], templated: true))
        #expect(Self.sample.taskSpec(for: Self.sample.tasks[1]).config["timeout"] == "2")
        let trigger = WorkflowTask(id: "t", executor: "trigger_workflow", config: ["workflow": "b"], executionTimeout: .seconds(90))
        #expect(Self.sample.taskSpec(for: trigger).config["timeout"] == "1m30s")
        let none = WorkflowTask(id: "n", executor: "shell", config: ["command": "true"])
        #expect(Self.sample.taskSpec(for: none).config["timeout"] == nil)
    }

    /// Proves conf overrides param defaults and wrong conf values are reported per param.
    @Test func resolvesParamsFromConf() {
        var w = Self.sample
        w.params.append(ParamSpec(name: "limit", type: .integer))
        #expect(w.resolvedParams() == ["region": .string("eu")])
        #expect(w.resolvedParams(conf: ["region": .string("us"), "limit": .number(3), "free": .bool(true)])
                == ["region": .string("us"), "limit": .number(3)])
        #expect(w.confProblems(["region": .string("asia"), "limit": .number(1.5), "free": .null]) == [
            #"conf.region: "asia" is not one of the allowed values ("eu", "us")"#,
            "conf.limit: expected an integer, got a number",
        ])
    }

    /// Proves each param type accepts exactly its JSON values.
    @Test func paramTypesAcceptTheirValues() {
        #expect(ParamType.integer.accepts(.number(3)) && !ParamType.integer.accepts(.number(3.5)))
        #expect(ParamType.number.accepts(.number(3.5)) && !ParamType.number.accepts(.string("3")))
        #expect(ParamType.string.accepts(.string("")) && !ParamType.string.accepts(.null))
        #expect(ParamType.boolean.accepts(.bool(false)) && ParamType.array.accepts(.array([])))
        #expect(ParamType.object.accepts(.object([:])) && !ParamType.object.accepts(.array([])))
        #expect(ParamType.inferred(from: .number(2)) == .integer && ParamType.inferred(from: .number(2.5)) == .number)
        #expect(ParamType.inferred(from: .null) == nil)
    }
}
