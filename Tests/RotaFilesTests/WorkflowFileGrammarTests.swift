import Foundation
import Testing
import RotaCore
import RotaFiles

/// The shorthand forms and defaults of the workflow file grammar load to the intended model.
@Suite struct WorkflowFileGrammarTests {
    private func load(_ text: String) throws -> WorkflowDefinition { try WorkflowFileTestSupport.load(text) }

    /// Proves a date-only start_date is midnight in the workflow's zone, and a missing zone is UTC.
    @Test func dateOnlyIsMidnightInZone() throws {
        let berlin = try load("id: w\ntimezone: Europe/Berlin\nstart_date: 2026-01-01\nend_date: 2026-07-01\ntasks: [{id: a, command: x}]\n")
        #expect(berlin.startDate == RFC3339.parse("2025-12-31T23:00:00Z"))
        #expect(berlin.endDate == RFC3339.parse("2026-06-30T22:00:00Z"))
        let utc = try load("id: w\nstart_date: 2026-01-01\ntasks: [{id: a, command: x}]\n")
        #expect(utc.startDate == RFC3339.parse("2026-01-01T00:00:00Z") && utc.timezone == "")
    }

    /// Proves defaults apply to every task, a task's own value wins, and env merges by name.
    @Test func defaultsApplyAndMerge() throws {
        let w = try load("""
            id: w
            defaults: {retries: 3, retry_delay: 90, retry_exponential_backoff: true, max_retry_delay: 10m,
                       execution_timeout: 30m, pool: p, pool_slots: 2, priority_weight: 5, queue: q,
                       trigger_rule: all_done, env: {A: "1", B: "2"}, cwd: /srv}
            tasks:
              - id: a
                command: x
                retries: 0
                env: {B: three, C: 4}
              - id: b
                http: {url: "https://x.example"}
            """)
        let policy = RetryPolicy(retries: 3, delay: .seconds(90), exponentialBackoff: true, maxDelay: .seconds(600))
        #expect(w.tasks[0].retry == RetryPolicy(retries: 0, delay: .seconds(90), exponentialBackoff: true, maxDelay: .seconds(600)))
        #expect(w.tasks[1].retry == policy)
        #expect(w.tasks[0].environment == ["A": "1", "B": "three", "C": "4"])
        #expect(w.tasks[0].config["cwd"] == "/srv" && w.tasks[1].config["cwd"] == nil)
        for task in w.tasks {
            #expect(task.executionTimeout == .seconds(1800) && task.pool == "p" && task.poolSlots == 2)
            #expect(task.priorityWeight == 5 && task.queue == "q" && task.triggerRule == .allDone)
        }
    }

    /// Proves params written as bare values get their type inferred, in file order.
    @Test func paramShorthandInfersType() throws {
        let w = try load("""
            id: w
            params:
              region: eu
              limit: 10
              ratio: 0.5
              dry_run: false
              days: [1, 2]
              opts: {type: object, default: {a: 1}}
            tasks: [{id: a, command: x}]
            """)
        #expect(w.params == [
            ParamSpec(name: "region", type: .string, defaultValue: .string("eu")),
            ParamSpec(name: "limit", type: .integer, defaultValue: .number(10)),
            ParamSpec(name: "ratio", type: .number, defaultValue: .number(0.5)),
            ParamSpec(name: "dry_run", type: .boolean, defaultValue: .bool(false)),
            ParamSpec(name: "days", type: .array, defaultValue: .array([.number(1), .number(2)])),
            ParamSpec(name: "opts", type: .object, defaultValue: .object(["a": .number(1)])),
        ])
    }

    /// Proves single values stand for one-item lists, and executors have their short forms and defaults.
    @Test func shortFormsAndExecutorDefaults() throws {
        let w = try load("""
            id: w
            tags: nightly
            tasks:
              - id: a
                http: {url: "https://x.example/{{ ds }}", headers: {X-B: 2, X-A: "one"}, expect_code: 204}
              - id: b
                upstream: a
                trigger_workflow: other
                outputs: "/tmp/{{ ds }}"
            notifications:
              - on: sla_miss
                sla: 90m
                email: {to: ops@example.com}
            """)
        #expect(w.tags == ["nightly"])
        #expect(w.tasks[0].config == ["method": "GET", "url": "https://x.example/{{ ds }}",
                                      "headers": #"["X-A: one","X-B: 2"]"#, "expectCode": "204"])
        #expect(w.tasks[1].upstream == ["a"] && w.tasks[1].outputs == ["/tmp/{{ ds }}"])
        #expect(w.tasks[1].config == ["workflow": "other", "conf": "{}", "wait": "false"])
        #expect(w.notifications == [NotificationRule(events: ["sla_miss"], email: EmailTarget(to: ["ops@example.com"]), slaSeconds: 5400)])
    }

    /// Proves task-level notifications with placeholder payloads, and upstream results in templates, load.
    @Test func taskNotificationsAndResults() throws {
        let w = try load("""
            id: w
            tasks:
              - id: a
                command: echo 1
              - id: b
                upstream: [a]
                command: echo {{ tasks.a.result }} {{ tasks.a.result.rows }}
                notifications:
                  - on: [failure, retry, failure]
                    webhook: {url: "https://h.example/x", payload: '{"task":"{{ task_id }}","state":"{{ state }}"}'}
            """)
        #expect(w.tasks[1].notifications == [NotificationRule(
            events: ["failure", "retry"],
            webhook: WebhookTarget(url: "https://h.example/x", payload: #"{"task":"{{ task_id }}","state":"{{ state }}"}"#))])
    }
}
