import Foundation
import Testing
import RotaCore

/// Every template variable, both insertion modes, manual runs and time zones.
@Suite struct TemplateRenderTests {
    static let logical = RFC3339.parse("2026-01-02T03:04:05Z")!
    static let context = TemplateContext(
        dagId: "etl", taskId: "load", runId: "scheduled__2026-01-02T03:04:05Z", logicalDate: logical,
        runAfter: RFC3339.parse("2026-01-03T03:04:05Z")!,
        dataIntervalStart: RFC3339.parse("2026-01-01T03:04:05Z")!, dataIntervalEnd: logical, tryNumber: 3,
        params: ["region": .string("eu"), "limit": .number(10), "ratio": .number(0.5), "flag": .bool(true),
                 "cfg": .object(["b": .number(2), "a": .string("x/y")]), "list": .array([.number(1), .string("two")])],
        conf: ["day": .string("2026-01-02"), "nested": .object(["k": .string("v")]), "n": .null],
        taskResults: ["extract": .string("rows.csv"), "count": .object(["rows": .number(42)])])

    private func raw(_ text: String, _ c: TemplateContext = context) -> String {
        Template.render(text, context: c, mode: .raw)
    }

    /// Proves each variable renders Airflow's spelling of its value.
    @Test(arguments: [
        ("{{ ds }}", "2026-01-02"),
        ("{{ ds_nodash }}", "20260102"),
        ("{{ ts }}", "2026-01-02T03:04:05+00:00"),
        ("{{ ts_nodash }}", "20260102T030405"),
        ("{{ ts_nodash_with_tz }}", "20260102T030405+0000"),
        ("{{ logical_date }}", "2026-01-02T03:04:05+00:00"),
        ("{{ dag_run.logical_date }}", "2026-01-02T03:04:05+00:00"),
        ("{{ data_interval_start }}", "2026-01-01T03:04:05+00:00"),
        ("{{ data_interval_end }}", "2026-01-02T03:04:05+00:00"),
        ("{{ run_id }}", "scheduled__2026-01-02T03:04:05Z"),
        ("{{ dag_run.run_id }}", "scheduled__2026-01-02T03:04:05Z"),
        ("{{ dag.id }}", "etl"),
        ("{{ dag.dag_id }}", "etl"),
        ("{{ task.id }}", "load"),
        ("{{ task.task_id }}", "load"),
        ("{{ task_instance.try_number }}", "3"),
        ("{{ ti.try_number }}", "3"),
        ("{{ try_number }}", "3"),
        ("{{ params.region }}", "eu"),
        ("{{ params.limit }}", "10"),
        ("{{ params.ratio }}", "0.5"),
        ("{{ params.flag }}", "true"),
        ("{{ params.cfg }}", #"{"a":"x/y","b":2}"#),
        ("{{ params.cfg.a }}", "x/y"),
        ("{{ params['region'] }}", "eu"),
        ("{{ params.list[1] }}", "two"),
        ("{{ params.list }}", #"[1,"two"]"#),
        ("{{ dag_run.conf.day }}", "2026-01-02"),
        ("{{ dag_run.conf[\"day\"] }}", "2026-01-02"),
        ("{{ conf.day }}", "2026-01-02"),
        ("{{ conf.nested.k }}", "v"),
        ("{{ conf.n }}", "null"),
        ("{{ dag_run.conf }}", #"{"day":"2026-01-02","n":null,"nested":{"k":"v"}}"#),
        ("{{ tasks.extract.result }}", "rows.csv"),
        ("{{ tasks.count.result }}", #"{"rows":42}"#),
        ("{{ tasks.count.result.rows }}", "42"),
    ])
    func rendersVariable(template: String, expected: String) {
        #expect(raw(template) == expected)
    }

    /// Proves values that do not exist render as empty text.
    @Test(arguments: ["{{ params.missing }}", "{{ conf.missing }}", "{{ tasks.other.result }}",
                      "{{ tasks.extract.result.field }}", "{{ params.list[9] }}"])
    func missingValuesRenderEmpty(template: String) {
        #expect(raw("[" + template + "]") == "[]")
    }

    /// Proves whitespace inside the braces is optional and text around expressions is kept.
    @Test func whitespaceOptional() {
        #expect(raw("{{ds}}|{{  ds_nodash  }}|{{\tds}}") == "2026-01-02|20260102|2026-01-02")
        #expect(raw("./run.sh --day={{ ds }} --run {{run_id}}.") == "./run.sh --day=2026-01-02 --run scheduled__2026-01-02T03:04:05Z.")
    }

    /// Proves dates are read in the workflow's zone, with its offset in ts.
    @Test func datesUseWorkflowZone() {
        var c = Self.context
        c.timeZone = TimeZone(identifier: "Europe/Berlin")!
        c.logicalDate = RFC3339.parse("2025-12-31T23:00:00Z")!
        #expect(raw("{{ ds }} {{ ts }} {{ ts_nodash_with_tz }}", c) == "2026-01-01 2026-01-01T00:00:00+01:00 20260101T000000+0100")
        c.timeZone = TimeZone(identifier: "America/New_York")!
        #expect(raw("{{ ds }} {{ ts }}", c) == "2025-12-31 2025-12-31T18:00:00-05:00")
    }

    /// Proves a manual run (no logical date) renders dates and the data interval from run_after.
    @Test func manualRunUsesRunAfter() {
        let c = TemplateContext(dagId: "etl", runId: "manual__x", logicalDate: nil,
                                runAfter: RFC3339.parse("2026-03-04T05:06:07.25Z")!)
        #expect(raw("{{ ds }} {{ ts }} {{ logical_date }}", c) == "2026-03-04 2026-03-04T05:06:07+00:00 2026-03-04T05:06:07+00:00")
        #expect(raw("{{ data_interval_start }} {{ data_interval_end }}", c) == "2026-03-04T05:06:07+00:00 2026-03-04T05:06:07+00:00")
    }

    /// Proves shell mode single-quotes every value, including empty ones and embedded quotes.
    @Test func shellModeQuotesValues() {
        var c = Self.context
        c.params["x"] = .string("it's")
        #expect(Template.render("echo {{ ds }} {{ params.x }} {{ params.none }}", context: c, mode: .shell)
                == #"echo '2026-01-02' 'it'\''s' ''"#)
    }

    /// Proves raw mode inserts values exactly as they are.
    @Test func rawModeInsertsAsIs() {
        var c = Self.context
        c.params["x"] = .string("a'b \"c\" $HOME")
        #expect(Template.render("{{ params.x }}", context: c, mode: .raw) == "a'b \"c\" $HOME")
    }

    /// Proves a hostile param stays one argument: sh prints it exactly instead of running it.
    @Test func shellInjectionStaysOneArgument() throws {
        var c = Self.context
        c.params["x"] = .string("a'; rm -rf / #")
        let command = Template.render("printf '%s|' {{ params.x }} {{ params.x }}", context: c, mode: .shell)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(String(decoding: data, as: UTF8.self) == "a'; rm -rf / #|a'; rm -rf / #|")
        #expect(process.terminationStatus == 0)
    }

    /// Proves a quoted literal renders as written: the way to write braces themselves.
    @Test func literalExpression() {
        #expect(Template.render("{{ '{{' }} x }}", context: Self.context, mode: .shell) == "{{ x }}")
    }

    /// Proves text the checker would reject is copied unchanged.
    @Test func invalidExpressionsCopiedUnchanged() {
        #expect(raw("a {{ nope }} b {{ ds | upper }} c {{ ds") == "a {{ nope }} b {{ ds | upper }} c {{ ds")
        #expect(raw("awk '{print $1}' {x}") == "awk '{print $1}' {x}")
    }

    /// Proves the environment variables carry the same values as the templates.
    @Test func environmentVariables() {
        var c = Self.context
        c.params = ["region": .string("eu"), "max_rows": .number(5)]
        c.conf = ["a": .number(1)]
        #expect(Template.environmentVariables(c) == [
            "ROTA_DS": "2026-01-02", "ROTA_DS_NODASH": "20260102", "ROTA_TS": "2026-01-02T03:04:05+00:00",
            "ROTA_LOGICAL_DATE": "2026-01-02T03:04:05+00:00",
            "ROTA_DATA_INTERVAL_START": "2026-01-01T03:04:05+00:00",
            "ROTA_DATA_INTERVAL_END": "2026-01-02T03:04:05+00:00",
            "ROTA_RUN_ID": "scheduled__2026-01-02T03:04:05Z", "ROTA_DAG_ID": "etl", "ROTA_TASK_ID": "load",
            "ROTA_TRY_NUMBER": "3", "ROTA_PARAM_REGION": "eu", "ROTA_PARAM_MAX_ROWS": "5", "ROTA_CONF": #"{"a":1}"#,
        ])
    }
}
