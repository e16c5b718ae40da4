import ArgumentParser
import Foundation
import RotaCore
import RotaFiles

/// `rota dags …`: Airflow's `airflow dags …`, as a client of a running Rota's Airflow API
/// (`validate` and `test` work on files, without a server).
struct DagsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dags", abstract: "List, validate, trigger, pause, backfill and test workflows.",
        subcommands: [List.self, Show.self, Validate.self, Trigger.self, Pause.self, Unpause.self, Runs.self, Tasks.self,
                      Clear.self, BackfillCommand.self, DagTestCommand.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List workflows.")
        @OptionGroup var server: JobsCommand.Server
        func run() async throws {
            let value = try await APIClient(base: server.url).call(.GET, "/api/v2/dags?limit=100")
            var rows = [["DAG_ID", "PAUSED", "SCHEDULE", "NEXT_RUN", "OWNERS"]]
            for case .object(let dag) in DagsCommand.items(value, "dags") {
                var owners: [String] = []
                if case .array(let list)? = dag["owners"] { owners = list.compactMap(\.scalarText) }
                let row: [String] = [dag["dag_id"]?.scalarText ?? "", dag["is_paused"]?.scalarText ?? "",
                                     dag["timetable_summary"]?.scalarText ?? "-", dag["next_dagrun_run_after"]?.scalarText ?? "-",
                                     owners.joined(separator: ",")]
                rows.append(row)
            }
            print(Table.render(rows))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a workflow's details as JSON.")
        @OptionGroup var server: JobsCommand.Server
        @Argument var id: String
        func run() async throws {
            print(try await APIClient(base: server.url).callText(.GET, "/api/v2/dags/\(id)/details"))
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check workflow files; every problem is reported with file, line and field.")
        @Argument(help: "Workflow files (YAML or JSON).") var files: [String]
        func run() throws {
            var failed = false
            for file in files {
                switch WorkflowFileLoader.load(path: file) {
                case .success(let definition):
                    print("\(file): ok (workflow \(definition.id), \(definition.tasks.count) tasks)")
                case .failure(let errors):
                    failed = true
                    print("\(errors)")
                }
            }
            if failed { throw ExitCode(1) }
        }
    }

    struct Trigger: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a run now.")
        @OptionGroup var server: JobsCommand.Server
        @Argument var id: String
        @Option(help: "A JSON object passed as the run's conf (checked against the workflow's params).") var conf: String?
        @Option(help: "The run's logical date (RFC 3339); default now.") var logicalDate: String?
        @Option(help: "The run id; default manual__<time>.") var runId: String?
        func run() async throws {
            var body: [String: JSONValue] = ["logical_date": logicalDate.map { .string($0) } ?? .null]
            if let conf {
                do { body["conf"] = try JSONValue.parse(Data(conf.utf8)) } catch { throw ValidationError("--conf: \(error.message)") }
            }
            if let runId { body["dag_run_id"] = .string(runId) }
            let run = try await APIClient(base: server.url).call(.POST, "/api/v2/dags/\(id)/dagRuns",
                                                                 body: try JSONEncoder().encode(JSONValue.object(body)))
            print("triggered \(id): run \(run.objectValue?["dag_run_id"]?.scalarText ?? "?") (\(run.objectValue?["state"]?.scalarText ?? "?"))")
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pause a workflow (no new scheduled runs).")
        @OptionGroup var server: JobsCommand.Server
        @Argument var id: String
        func run() async throws { try await DagsCommand.setPaused(id, true, server.url) }
    }

    struct Unpause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unpause a workflow.")
        @OptionGroup var server: JobsCommand.Server
        @Argument var id: String
        func run() async throws { try await DagsCommand.setPaused(id, false, server.url) }
    }

    static func setPaused(_ id: String, _ paused: Bool, _ url: String) async throws {
        let body = try JSONEncoder().encode(JSONValue.object(["is_paused": .bool(paused)]))
        _ = try await APIClient(base: url).call(.PATCH, "/api/v2/dags/\(id)?update_mask=is_paused", body: body)
        print("\(id) \(paused ? "paused" : "unpaused")")
    }

    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a workflow's runs, newest first.")
        @OptionGroup var server: JobsCommand.Server
        @Argument var id: String
        @Option var limit = 25
        func run() async throws {
            let value = try await APIClient(base: server.url).call(.GET, "/api/v2/dags/\(id)/dagRuns?order_by=-logical_date&limit=\(limit)")
            var rows = [["RUN_ID", "STATE", "TYPE", "LOGICAL_DATE", "START", "END"]]
            for case .object(let run) in DagsCommand.items(value, "dag_runs") {
                rows.append(["dag_run_id", "state", "run_type", "logical_date", "start_date", "end_date"].map { run[$0]?.scalarText ?? "-" })
            }
            print(Table.render(rows))
        }
    }

    struct Tasks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the task instances of one run.")
        @OptionGroup var server: JobsCommand.Server
        @Argument var id: String
        @Argument var runId: String
        func run() async throws {
            let path = "/api/v2/dags/\(id)/dagRuns/\(DagsCommand.escape(runId))/taskInstances?limit=100"
            var rows = [["TASK_ID", "STATE", "TRY", "START", "END", "HOST"]]
            var offset = 0
            while true {
                let value = try await APIClient(base: server.url).call(.GET, path + "&offset=\(offset)")
                let items = DagsCommand.items(value, "task_instances")
                for case .object(let ti) in items {
                    rows.append(["task_id", "state", "try_number", "start_date", "end_date", "hostname"].map { ti[$0]?.scalarText ?? "-" })
                }
                offset += items.count
                if items.isEmpty || offset >= Int(value.objectValue?["total_entries"]?.scalarText ?? "0") ?? 0 { break }
            }
            print(Table.render(rows))
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rerun task instances of a run (all, or --task), optionally with everything downstream.")
        @OptionGroup var server: JobsCommand.Server
        @Argument var id: String
        @Option(help: "The run id.") var run: String
        @Option(help: "Task ids to clear (repeatable); default every task.") var task: [String] = []
        @Flag(help: "Also clear what depends on them.") var downstream = false
        @Flag(help: "Only failed and upstream_failed task instances.") var onlyFailed = false
        func run() async throws {
            var body: [String: JSONValue] = ["dry_run": .bool(false), "only_failed": .bool(onlyFailed),
                                             "dag_run_id": .string(run), "include_downstream": .bool(downstream)]
            if !task.isEmpty { body["task_ids"] = .array(task.map { .string($0) }) }
            let value = try await APIClient(base: server.url).call(.POST, "/api/v2/dags/\(id)/clearTaskInstances",
                                                                   body: try JSONEncoder().encode(JSONValue.object(body)))
            print("cleared \(value.objectValue?["total_entries"]?.scalarText ?? "0") task instance(s) of \(id) \(run)")
        }
    }

    static func items(_ value: JSONValue, _ key: String) -> [JSONValue] {
        if case .array(let a)? = value.objectValue?[key] { return a }
        return []
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/+:"))) ?? text
    }
}
