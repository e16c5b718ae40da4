import Foundation
import Testing
import RotaCore
import RotaFiles

/// The documented example and the example files load to the expected definitions.
@Suite struct WorkflowFileExampleTests {
    static let docExample = """
        id: etl_daily
        description: Nightly ETL
        owner: data
        tags: [etl]
        schedule: "@daily"
        timezone: Europe/Berlin
        start_date: 2026-01-01T00:00:00Z
        catchup: false
        max_active_runs: 1
        params:
          region: {type: string, default: eu, description: Region to load}
        defaults:            # Airflow's default_args: applied to every task unless the task sets it
          retries: 2
          retry_delay: 30s   # Go duration syntax: 90s, 5m, 1h30m (or a number of seconds)
        tasks:
          - id: extract
            command: ./extract.sh {{ ds }} {{ params.region }}     # the shell executor
            env: {MODE: full}
            cwd: /srv/etl
            outputs: ["/data/raw/{{ ds }}.csv"]
          - id: ping
            http: {method: POST, url: "https://example.com/hook", body: '{"day":"{{ ds }}"}', expect_code: [200, 204]}
          - id: load
            upstream: [extract, ping]
            trigger_rule: all_success
            command: ./load.sh
            execution_timeout: 1h
            pool: warehouse
            priority_weight: 10
          - id: next
            upstream: [load]
            trigger_workflow: {workflow: reports, conf: {day: "{{ ds }}"}, wait: true}
        notifications:
          - on: [failure, retry]
            webhook: {url: "https://hooks.example.com/rota", headers: {X-Token: abc}}
          - on: [failure]
            email: {to: [ops@example.com]}

        """

    static var expected: WorkflowDefinition {
        let retry = RetryPolicy(retries: 2, delay: .seconds(30), exponentialBackoff: false, maxDelay: nil)
        return WorkflowDefinition(
            id: "etl_daily", description: "Nightly ETL", owner: "data", tags: ["etl"], schedule: "@daily",
            timezone: "Europe/Berlin", startDate: RFC3339.parse("2026-01-01T00:00:00Z"), catchup: false, maxActiveRuns: 1,
            params: [ParamSpec(name: "region", type: .string, defaultValue: .string("eu"), description: "Region to load")],
            tasks: [
                WorkflowTask(id: "extract", executor: "shell",
                             config: ["command": "./extract.sh {{ ds }} {{ params.region }}", "shell": "true", "cwd": "/srv/etl"],
                             environment: ["MODE": "full"], retry: retry, outputs: ["/data/raw/{{ ds }}.csv"]),
                WorkflowTask(id: "ping", executor: "http",
                             config: ["method": "POST", "url": "https://example.com/hook", "body": #"{"day":"{{ ds }}"}"#,
                                      "expectCode": "200,204"], retry: retry),
                WorkflowTask(id: "load", executor: "shell", config: ["command": "./load.sh", "shell": "true"],
                             upstream: ["extract", "ping"], retry: retry, executionTimeout: .seconds(3600), pool: "warehouse",
                             priorityWeight: 10),
                WorkflowTask(id: "next", executor: "trigger_workflow",
                             config: ["workflow": "reports", "conf": #"{"day":"{{ ds }}"}"#, "wait": "true"],
                             upstream: ["load"], retry: retry),
            ],
            notifications: [
                NotificationRule(events: ["failure", "retry"],
                                 webhook: WebhookTarget(url: "https://hooks.example.com/rota", headers: ["X-Token": "abc"])),
                NotificationRule(events: ["failure"], email: EmailTarget(to: ["ops@example.com"])),
            ])
    }

    /// Proves the documented example loads to exactly the expected definition.
    @Test func docExampleLoadsToExpectedDefinition() throws {
        #expect(try WorkflowFileTestSupport.load(Self.docExample) == Self.expected)
    }

    /// Proves docs/workflows.md shows the same example this test loads.
    @Test func docsShowTheTestedExample() throws {
        let docs = try String(contentsOfFile: WorkflowFileTestSupport.root + "/docs/workflows.md", encoding: .utf8)
        #expect(docs.contains("```yaml\n" + Self.docExample + "```"))
    }

    /// Proves a loaded definition survives the stored JSON form unchanged.
    @Test func loadedDefinitionRoundTripsThroughJSON() throws {
        let data = try JSONEncoder().encode(Self.expected)
        #expect(try JSONDecoder().decode(WorkflowDefinition.self, from: data) == Self.expected)
    }

    /// Proves every file in examples/dags loads without a problem.
    @Test func everyExampleFileLoads() throws {
        let files = WorkflowFileLoader.files(in: WorkflowFileTestSupport.root + "/examples/dags")
        #expect(files.count >= 4)
        for file in files {
            let result = WorkflowFileLoader.load(path: file)
            if case .failure(let errors) = result { Issue.record("\(errors)") }
        }
    }

    /// Proves the fan-out example has a start, 100 parallel tasks and a finish waiting for all of them.
    @Test func fanOutExampleShape() throws {
        let w = try WorkflowFileLoader.load(path: WorkflowFileTestSupport.root + "/examples/dags/fan_out_fan_in.yaml").get()
        #expect(w.tasks.count == 102)
        #expect(w.tasks.last?.upstream == (1...100).map { String(format: "t%03d", $0) })
        #expect(w.tasks.dropFirst().dropLast().allSatisfy { $0.upstream == ["start"] })
    }
}
