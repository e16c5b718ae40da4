import Testing
import RotaCore
import RotaFiles

/// Structural problems in a workflow file (fields, ids, graph, types), with exact message, line and field.
@Suite struct WorkflowFileErrorTests {
    private func problems(_ text: String) -> [String] { WorkflowFileTestSupport.problems(text) }

    /// Proves an unknown field at any level is reported with a did-you-mean.
    @Test func unknownFieldsAtEveryLevel() {
        #expect(problems("""
            id: w
            shedule: "@daily"
            defaults: {retires: 1}
            params:
              p: {type: string, defualt: x}
            tasks:
              - id: a
                comand: x
                command: x
                http2: {}
            notifications:
              - on: failure
                webhook: {url: "https://h.example", header: {}}
            """) == [
            #"w.yaml:2: shedule: unknown field; did you mean "schedule"?"#,
            #"w.yaml:3: defaults.retires: unknown field; did you mean "retries"?"#,
            #"w.yaml:5: params.p.defualt: unknown field; did you mean "default"?"#,
            #"w.yaml:8: tasks[0].comand: unknown field; did you mean "command"?"#,
            #"w.yaml:10: tasks[0].http2: unknown field; did you mean "http"?"#,
            #"w.yaml:13: notifications[0].webhook.header: unknown field; did you mean "headers"?"#,
        ])
    }

    /// Proves Airflow's names for fields point to Rota's.
    @Test func airflowFieldNamesPointToRotaNames() {
        #expect(problems("""
            id: w
            schedule_interval: "@daily"
            default_args: {retries: 1}
            tasks:
              - task_id: a
                bash_command: x
                timeout: 5
            """) == [
            #"w.yaml:2: schedule_interval: unknown field; use "schedule""#,
            #"w.yaml:3: default_args: unknown field; use "defaults""#,
            #"w.yaml:5: tasks[0].task_id: unknown field; use "id""#,
            "w.yaml:5: tasks[0].id: required",
            "w.yaml:5: tasks[0]: no executor; give one of command, http or trigger_workflow",
            #"w.yaml:6: tasks[0].bash_command: unknown field; use "command""#,
            #"w.yaml:7: tasks[0].timeout: unknown field; use the task's "execution_timeout""#,
        ])
    }

    /// Proves unknown upstreams, repeated upstreams and duplicate task ids are reported where they are.
    @Test func unknownUpstreamAndDuplicateIds() {
        #expect(problems("""
            id: w
            tasks:
              - id: extract
                command: x
              - id: load
                upstream: [extrct, extract, extract]
                command: y
              - id: extract
                command: z
            """) == [
            #"w.yaml:6: tasks[1].upstream[0]: unknown task "extrct"; did you mean "extract"?"#,
            #"w.yaml:6: tasks[1].upstream[2]: "extract" is listed twice"#,
            #"w.yaml:8: tasks[2].id: duplicate task id "extract" (first at line 3)"#,
        ])
    }

    /// Proves cycles are named, each at the upstream list that closes it, self-loops included.
    @Test func cyclesAreNamed() {
        #expect(problems("""
            id: w
            tasks:
              - id: a
                upstream: [c]
                command: x
              - id: b
                upstream: [a]
                command: x
              - id: c
                upstream: b
                command: x
              - id: d
                upstream: [d]
                command: x
            """) == [
            "w.yaml:4: tasks[0].upstream: cycle: a -> b -> c -> a",
            "w.yaml:13: tasks[3].upstream: cycle: d -> d",
        ])
    }

    /// Proves wrong types are reported with what was expected and what was found.
    @Test func wrongTypes() {
        #expect(problems("""
            id: w
            description: 5
            max_active_runs: many
            catchup: maybe
            tags: {a: b}
            end_date: 2026-01-01
            start_date: 2026-02-01
            tasks:
              - id: a
                command: true
                retries: 1001
                pool_slots: 0
                priority_weight: 2.5
                queue: " q "
                env: {OK: [1]}
                tags: {a: [1]}
                upstream: {a: 1}
            """) == [
            "w.yaml:2: description: expected a string, got a number",
            #"w.yaml:3: max_active_runs: expected a whole number from 1 to 10000, got "many""#,
            #"w.yaml:4: catchup: expected true or false, got "maybe""#,
            "w.yaml:5: tags: expected a list of strings, got an object",
            "w.yaml:6: end_date: must be after start_date",
            "w.yaml:10: tasks[0].command: expected a string, got a boolean",
            "w.yaml:11: tasks[0].retries: expected a whole number from 0 to 1000, got 1001",
            "w.yaml:12: tasks[0].pool_slots: expected a whole number from 1 to 10000, got 0",
            "w.yaml:13: tasks[0].priority_weight: expected a whole number from -1000000 to 1000000, got 2.5",
            #"w.yaml:14: tasks[0].queue: contains " "; only letters, digits, "_", "-" and "." are allowed"#,
            "w.yaml:15: tasks[0].env.OK: expected a string, got an array",
            "w.yaml:16: tasks[0].tags.a: expected a string, got an array",
            "w.yaml:17: tasks[0].upstream: expected a list of strings, got an object",
        ])
    }

    /// Proves a task needs exactly one executor.
    @Test func noneOrTwoExecutors() {
        #expect(problems("""
            id: w
            tasks:
              - id: a
              - id: b
                command: x
                http: {url: "https://x.example"}
            """) == [
            "w.yaml:3: tasks[0]: no executor; give one of command, http or trigger_workflow",
            "w.yaml:4: tasks[1]: more than one executor (command, http); give exactly one",
        ])
    }

    /// Proves ids follow the job name rule and required fields are reported on their mapping's line.
    @Test func idRulesAndRequiredFields() {
        #expect(problems("id: W X\ntasks: []\n") == [
            #"w.yaml:1: id: "W X" contains "W"; only lower-case letters, digits, "_" and "-" are allowed"#,
            "w.yaml:2: tasks: required: a list of at least one task",
        ])
        #expect(problems("description: x\n") == ["w.yaml:1: id: required", "w.yaml:1: tasks: required: a list of at least one task"])
        #expect(problems("id: w\ntasks:\n  - id: Bad.Id\n    command: x\n")
                == [#"w.yaml:3: tasks[0].id: "Bad.Id" contains "B"; only lower-case letters, digits, "_" and "-" are allowed"#])
    }

    /// Proves a file with many kinds of mistakes reports all of them, ordered by line.
    @Test func reportsEveryProblemInOrder() {
        #expect(problems("""
            id: etl
            schedule: "61 * * * *"
            tasks:
              - id: extract
                command: ./x.sh {{ dss }}
                retries: three
              - id: load
                upstream: [extrct]
                command: ./load.sh
                trigger_rule: all_sucess
              - id: load
                command: y
            """) == [
            #"w.yaml:2: schedule: "61 * * * *": minute field: 61 is out of range 0-59"#,
            #"w.yaml:5: tasks[0].command: "{{ dss }}": unknown variable "dss"; did you mean "ds"?"#,
            #"w.yaml:6: tasks[0].retries: expected a whole number from 0 to 1000, got "three""#,
            #"w.yaml:8: tasks[1].upstream[0]: unknown task "extrct"; did you mean "extract"?"#,
            #"w.yaml:10: tasks[1].trigger_rule: unknown trigger rule "all_sucess"; did you mean "all_success"?"#,
            #"w.yaml:11: tasks[2].id: duplicate task id "load" (first at line 7)"#,
        ])
    }
}
