import Testing
import RotaCore
import RotaFiles

/// Problems in the values of a workflow file (schedules, executors, params, templates, notifications), with exact message, line and field.
@Suite struct WorkflowFileValueErrorTests {
    private func problems(_ text: String) -> [String] { WorkflowFileTestSupport.problems(text) }

    /// Proves bad schedules, zones, dates, durations and trigger rules carry their parsers' messages.
    @Test func badScheduleZoneDatesDurationsAndRules() {
        #expect(problems("""
            id: w
            schedule: "@fortnightly"
            timezone: Europe/Berln
            start_date: tomorrow
            tasks:
              - id: a
                command: x
                retry_delay: 1d
                execution_timeout: 0s
                max_retry_delay: true
                trigger_rule: all_sucess
              - id: b
                command: x
                trigger_rule: dummy
            """) == [
            #"w.yaml:2: schedule: "@fortnightly": unknown descriptor "@fortnightly""#,
            #"w.yaml:3: timezone: unknown time zone "Europe/Berln" (use an IANA name such as Europe/Berlin); did you mean "Europe/Berlin"?"#,
            #"w.yaml:4: start_date: expected an RFC 3339 time such as 2026-01-01T00:00:00Z or a date such as 2026-01-01, got "tomorrow""#,
            #"w.yaml:8: tasks[0].retry_delay: invalid duration "1d": unknown unit "d" (use ns, us, µs, ms, s, m or h)"#,
            #"w.yaml:9: tasks[0].execution_timeout: must be positive, got "0s""#,
            #"w.yaml:10: tasks[0].max_retry_delay: expected a duration such as "30s", "5m" or "1h30m", got a boolean"#,
            #"w.yaml:11: tasks[0].trigger_rule: unknown trigger rule "all_sucess"; did you mean "all_success"?"#,
            "w.yaml:14: tasks[1].trigger_rule: unknown trigger rule \"dummy\" (one of \(TriggerRule.names.joined(separator: ", ")))",
        ])
    }

    /// Proves Airflow presets Rota lacks are refused with what to write instead.
    @Test(arguments: [
        ("@once", #"for one run use "@at <RFC 3339 time>", or leave schedule out and trigger the workflow"#),
        ("@quarterly", #"write the cron expression "0 0 1 */3 *""#),
    ])
    func airflowPresetsExplained(preset: String, advice: String) {
        #expect(problems("id: w\nschedule: \"\(preset)\"\ntasks:\n  - {id: a, command: x}\n")
                == ["w.yaml:2: schedule: \"\(preset)\": unknown descriptor \"\(preset)\"; \(advice)"])
    }

    /// Proves executor configs are checked field by field.
    @Test func executorConfigProblems() {
        #expect(problems("""
            id: w
            tasks:
              - id: a
                command: "  "
              - id: b
                http: {method: "PO ST", url: "ftp://x", expect_code: [200, 999], expect_body: "(", headers: {"Bad Name": x}}
              - id: c
                trigger_workflow: {workflow: w, conf: [1], wait: 2}
              - id: d
                trigger_workflow: Other
              - id: e
                http: {body: x}
                cwd: /tmp
            """) == [
            "w.yaml:4: tasks[0].command: must not be empty",
            #"w.yaml:6: tasks[1].http.method: "PO ST" is not an HTTP method"#,
            #"w.yaml:6: tasks[1].http.url: expected an http:// or https:// URL, got "ftp://x""#,
            "w.yaml:6: tasks[1].http.headers.Bad Name: not a valid header name",
            "w.yaml:6: tasks[1].http.expect_code[1]: expected a whole number from 100 to 599, got 999",
            "w.yaml:6: tasks[1].http.expect_body: not a valid regular expression",
            "w.yaml:8: tasks[2].trigger_workflow.conf: expected a mapping, got an array",
            "w.yaml:8: tasks[2].trigger_workflow.wait: expected true or false, got 2",
            "w.yaml:8: tasks[2].trigger_workflow.workflow: a workflow cannot trigger itself",
            #"w.yaml:10: tasks[3].trigger_workflow: "Other" contains "O"; only lower-case letters, digits, "_" and "-" are allowed"#,
            "w.yaml:12: tasks[4].http.url: required",
            "w.yaml:13: tasks[4].cwd: only for command tasks",
        ])
    }

    /// Proves param types, defaults, enums and names are checked.
    @Test func paramProblems() {
        #expect(problems("""
            id: w
            params:
              region: {type: strng, default: eu}
              count: {type: integer, default: "3"}
              zone: {type: string, default: asia, enum: [eu, us]}
              mixed: {type: string, enum: [eu, 3]}
              empty: {type: string, enum: []}
              vague: {description: nothing}
              nothing: ~
              1x: 1
              Count: 2
              odd: {type: widget}
            tasks:
              - {id: a, command: x}
            """) == [
            #"w.yaml:3: params.region.type: unknown type "strng"; did you mean "string"?"#,
            "w.yaml:4: params.count.default: expected an integer, got a string",
            #"w.yaml:5: params.zone.default: "asia" is not one of the allowed values ("eu", "us")"#,
            "w.yaml:6: params.mixed.enum[1]: expected a string, got a number",
            "w.yaml:7: params.empty.enum: expected a list of allowed values, got an empty list",
            "w.yaml:8: params.vague: give a type or a default",
            "w.yaml:9: params.nothing: give a default value, or a mapping with type, default, description or enum",
            #"w.yaml:10: params.1x: a param name must start with a letter or "_" and hold only letters, digits and "_""#,
            "w.yaml:11: params.Count: same environment variable ROTA_PARAM_COUNT as params.count",
            #"w.yaml:12: params.odd.type: unknown type "widget" (one of string, integer, number, boolean, array, object)"#,
        ])
    }

    /// Proves template problems are reported on the field that holds them, from every templated field.
    @Test func templateProblems() {
        #expect(problems("""
            id: w
            params: {region: eu}
            tasks:
              - id: extract
                command: echo {{ params.regoin }} "{{ ds }}" {{ tasks.load.result }}
                env: {X: "{{ ds | upper }}"}
                outputs: ["{{ nope }}"]
              - id: load
                upstream: [extract]
                http: {url: "https://x.example/{{ dss }}", body: "{{ tasks.extract.result }} {{ ds", headers: {A: "{{ ts_nodahs }}"}}
              - id: next
                trigger_workflow: {workflow: other, conf: {a: ["{{ conf.x }}", "{{ dag_run.conf }}", "{{ params }}"]}}
            notifications:
              - on: failure
                email: {to: ops@example.com, subject: "{{ workflw }} {{ ds }} {{ state"}
                webhook: {url: "https://h.example/{{ run_id }}", payload: '{"a":"{{ task_id }}","b":"{{ kind }}"}'}
            """) == [
            #"w.yaml:5: tasks[0].command: "{{ params.regoin }}": unknown param "regoin"; did you mean "region"?"#,
            #"w.yaml:5: tasks[0].command: "{{ ds }}": stands inside quotes; in a shell command write templates outside quotes (Rota quotes each value for you)"#,
            #"w.yaml:5: tasks[0].command: "{{ tasks.load.result }}": task "load" is not upstream of "extract", so its result may not exist yet"#,
            #"w.yaml:6: tasks[0].env.X: "{{ ds | upper }}": only plain variables are supported (no filters, calls or operators)"#,
            #"w.yaml:7: tasks[0].outputs[0]: "{{ nope }}": unknown variable "nope""#,
            #"w.yaml:10: tasks[1].http.url: "{{ dss }}": unknown variable "dss"; did you mean "ds"?"#,
            #"w.yaml:10: tasks[1].http.headers.A: "{{ ts_nodahs }}": unknown variable "ts_nodahs"; did you mean "ts_nodash"?"#,
            #"w.yaml:10: tasks[1].http.body: "{{ ds": unclosed "{{" (no "}}" after it)"#,
            #"w.yaml:12: tasks[2].trigger_workflow.conf.a[2]: "{{ params }}": expected params.<name>"#,
            #"w.yaml:15: notifications[0].email.subject: "{{ workflw }}": unknown placeholder "workflw"; did you mean "workflow"?"#,
            #"w.yaml:15: notifications[0].email.subject: "{{ ds }}": unknown placeholder "ds" (notifications know workflow, run_id, task_id, state, kind, message, logical_date, attempt, log_url, occurred_at)"#,
            #"w.yaml:15: notifications[0].email.subject: "{{ state": unclosed "{{" (no "}}" after it)"#,
            "w.yaml:16: notifications[0].webhook.url: placeholders are not filled in webhook URLs; write the URL out",
        ])
    }

    /// Proves notification rules are checked: events, targets, addresses, URLs and the SLA.
    @Test func notificationProblems() {
        #expect(problems("""
            id: w
            notifications:
              - on: [failed]
              - on: sla_miss
                email: {to: [ops, "Ops <ops@example.com>", "Ops <ops>"]}
              - on: [success, retyr]
                sla: 1h
                webhook: {url: nope}
              - webhook: {url: "https://h.example"}
            tasks:
              - id: a
                command: x
                notifications: [{on: failure}]
            """) == [
            "w.yaml:3: notifications[0].on[0]: unknown event \"failed\" (one of failure, retry, success, sla_miss)",
            "w.yaml:3: notifications[0]: give a webhook, an email or both",
            "w.yaml:4: notifications[1].sla: required with the sla_miss event (how long a run may take, such as 2h)",
            #"w.yaml:5: notifications[1].email.to[0]: "ops" is not an email address"#,
            #"w.yaml:5: notifications[1].email.to[2]: "Ops <ops>" is not an email address"#,
            #"w.yaml:6: notifications[2].on[1]: unknown event "retyr"; did you mean "retry"?"#,
            "w.yaml:7: notifications[2].sla: only used with the sla_miss event",
            #"w.yaml:8: notifications[2].webhook.url: expected an http:// or https:// URL, got "nope""#,
            "w.yaml:9: notifications[3].on: required: one or more of failure, retry, success, sla_miss",
            "w.yaml:13: tasks[0].notifications[0]: give a webhook, an email or both",
        ])
    }

    /// Proves environment names, reserved names and output paths are checked.
    @Test func environmentAndOutputProblems() {
        #expect(problems("""
            id: w
            tasks:
              - id: a
                command: x
                env: {1X: a, ROTA_DS: b}
                outputs: [rel/path]
            """) == [
            #"w.yaml:5: tasks[0].env.1X: not a valid environment variable name (letters, digits and "_", not starting with a digit)"#,
            "w.yaml:5: tasks[0].env.ROTA_DS: names starting with ROTA_ are set by Rota",
            #"w.yaml:6: tasks[0].outputs[0]: must be an absolute path, got "rel/path""#,
        ])
    }
}
