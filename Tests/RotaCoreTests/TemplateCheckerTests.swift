import Testing
import RotaCore

/// Every problem the template checker reports, with its exact message.
@Suite struct TemplateCheckerTests {
    private func check(_ text: String, mode: TemplateMode = .raw) -> [String] {
        TemplateChecker.check(text, params: ["region", "limit"], tasks: ["extract", "load"], mode: mode)
    }

    /// Proves every supported variable passes the check.
    @Test func acceptsEveryVariable() {
        let text = """
            {{ ds }} {{ds_nodash}} {{ ts }} {{ ts_nodash }} {{ ts_nodash_with_tz }} {{ logical_date }}
            {{ data_interval_start }} {{ data_interval_end }} {{ run_id }} {{ params.region }} {{ params['limit'] }}
            {{ dag_run.conf.any }} {{ conf.x.y }} {{ conf }} {{ dag.id }} {{ task.id }} {{ task_instance.try_number }}
            {{ ti.try_number }} {{ tasks.extract.result }} {{ tasks.load.result.rows[0] }} {{ '{{' }}
            """
        #expect(check(text) == [])
    }

    /// Proves each malformed or unknown expression is reported with its exact message.
    @Test(arguments: [
        ("{{ dss }}", #""{{ dss }}": unknown variable "dss"; did you mean "ds"?"#),
        ("{{ param.region }}", #""{{ param.region }}": unknown variable "param.region"; did you mean "params.region"?"#),
        ("{{ dag.idd }}", #""{{ dag.idd }}": unknown variable "dag.idd"; did you mean "dag.id"?"#),
        ("{{ ti.try_numbr }}", #""{{ ti.try_numbr }}": unknown variable "ti.try_numbr"; did you mean "ti.try_number"?"#),
        ("{{ macros }}", #""{{ macros }}": unknown variable "macros""#),
        ("{{ ds.year }}", #""{{ ds.year }}": unknown variable "ds.year""#),
        ("{{ params.regoin }}", #""{{ params.regoin }}": unknown param "regoin"; did you mean "region"?"#),
        ("{{ params.zzz }}", #""{{ params.zzz }}": unknown param "zzz""#),
        ("{{ tasks.extrct.result }}", #""{{ tasks.extrct.result }}": unknown task "extrct"; did you mean "extract"?"#),
        ("{{ tasks.extract }}", #""{{ tasks.extract }}": expected tasks.<id>.result"#),
        ("{{ tasks.extract.output }}", #""{{ tasks.extract.output }}": expected tasks.<id>.result"#),
        ("{{ params }}", #""{{ params }}": expected params.<name>"#),
        ("{{ dag }}", #""{{ dag }}": expected dag.<field>"#),
        ("{{ }}", #""{{ }}": empty template expression"#),
        ("{{ ds | upper }}", #""{{ ds | upper }}": only plain variables are supported (no filters, calls or operators)"#),
        ("{{ macros.ds_add(ds, 7) }}", #""{{ macros.ds_add(ds, 7) }}": only plain variables are supported (no filters, calls or operators)"#),
        ("{{ ti.xcom_pull(task_ids='extract') }}", #""{{ ti.xcom_pull(task_ids='extract') }}": xcom_pull is not supported; use {{ tasks.<id>.result }}"#),
        ("echo {{ ds\nnext", #""{{ ds": unclosed "{{" (no "}}" after it)"#),
    ])
    func reportsProblem(text: String, message: String) {
        #expect(check(text) == [message])
    }

    /// Proves an undeclared param is explained when the workflow declares none.
    @Test func explainsMissingParamsSection() {
        #expect(TemplateChecker.check("{{ params.x }}", params: [], tasks: [])
                == [#""{{ params.x }}": unknown param "x" (the workflow declares no params)"#])
    }

    /// Proves every problem in one text is reported, in order.
    @Test func reportsAllProblems() {
        #expect(check("{{ dss }} and {{ params.nope }} and {{ ds") == [
            #""{{ dss }}": unknown variable "dss"; did you mean "ds"?"#,
            #""{{ params.nope }}": unknown param "nope""#,
            #""{{ ds": unclosed "{{" (no "}}" after it)"#,
        ])
    }

    /// Proves shell commands reject templates inside single or double quotes, and accept them outside.
    @Test func shellModeRejectsQuotedTemplates() {
        let message = #""{{ ds }}": stands inside quotes; in a shell command write templates outside quotes (Rota quotes each value for you)"#
        #expect(check(#"echo "day {{ ds }}""#, mode: .shell) == [message])
        #expect(check("echo 'day {{ ds }}'", mode: .shell) == [message])
        #expect(check(#"echo "a" {{ ds }} 'b' "it's" \' {{ ds }}"#, mode: .shell) == [])
        #expect(check("echo x # don't\necho {{ ds }}", mode: .shell) == [])
        #expect(check("echo {{ ds }}#'\necho {{ ds }}", mode: .shell) == [message])
        #expect(check(#"echo "day {{ ds }}""#, mode: .raw) == [])
    }

    /// Proves the task references of a text are listed once each, in order.
    @Test func listsTaskReferences() {
        #expect(TemplateChecker.taskReferences(in: "{{ tasks.b.result }} {{ tasks.a.result.x }} {{ tasks.b.result }} {{ ds }}") == ["b", "a"])
    }
}
