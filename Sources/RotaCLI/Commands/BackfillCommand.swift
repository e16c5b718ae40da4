import ArgumentParser
import Foundation
import RotaCore

/// `rota dags backfill ID --from … --to …`: creates a run for every interval whose logical date is
/// in the range, then shows progress until they all end. Run ids are `backfill__<logical date>`,
/// so running the same command again resumes: existing runs are kept, missing ones created.
struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill", abstract: "Create and watch runs for every interval in a date range (resumable).")

    @OptionGroup var server: JobsCommand.Server
    @Argument var id: String
    @Option(help: "First logical date (RFC 3339, or YYYY-MM-DD).") var from: String
    @Option(help: "Last logical date (RFC 3339, or YYYY-MM-DD).") var to: String
    @Option(help: "A JSON object passed as every run's conf.") var conf: String?
    @Flag(help: "Create the runs and return without waiting.") var noWait = false

    func run() async throws {
        guard let start = Self.date(from), let end = Self.date(to) else {
            throw ValidationError("--from and --to take RFC 3339 times or YYYY-MM-DD dates")
        }
        guard start <= end else { throw ValidationError("--from must not be after --to") }
        let client = APIClient(base: server.url)
        let details = try await client.call(.GET, "/api/v2/dags/\(id)/details").objectValue ?? [:]
        guard let text = details["timetable_summary"]?.stringValue, let schedule = try? Schedule.parse(text, jobName: id) else {
            throw ValidationError("workflow \(id) has no schedule, so it has no intervals to backfill; use `rota dags trigger`")
        }
        let zone = details["timezone"]?.stringValue.flatMap { ZoneIdentifier.timeZone($0) } ?? TimeZone(identifier: "UTC")!
        let intervals = IntervalPlanner.due(schedule: schedule, timeZone: zone, anchor: start, endDate: end, catchup: true,
                                            lastEnd: nil, now: .distantFuture, limit: 100_000)
        guard !intervals.isEmpty else { throw ValidationError("no interval of \(id) starts between \(from) and \(to)") }
        var confValue: JSONValue = .object([:])
        if let conf {
            do { confValue = try JSONValue.parse(Data(conf.utf8)) } catch { throw ValidationError("--conf: \(error.message)") }
        }
        var runIds: [String] = []
        var existing = 0
        for interval in intervals {
            let runId = "backfill__" + RFC3339.formatFractional(interval.start)
            runIds.append(runId)
            let body: JSONValue = .object([
                "dag_run_id": .string(runId), "logical_date": .string(RFC3339.formatFractional(interval.start)),
                "data_interval_start": .string(RFC3339.formatFractional(interval.start)),
                "data_interval_end": .string(RFC3339.formatFractional(interval.end)), "conf": confValue,
            ])
            do {
                _ = try await client.call(.POST, "/api/v2/dags/\(id)/dagRuns", body: try JSONEncoder().encode(body))
            } catch let error as CLIError where error.message.hasPrefix("409") {
                existing += 1
            }
        }
        print("backfill of \(id): \(intervals.count) runs (\(existing) already existed) from \(RFC3339.format(intervals[0].start)) to \(RFC3339.format(intervals[intervals.count - 1].start))")
        if noWait { return }
        try await BackfillProgress(client: client, workflow: id, runIds: runIds).watch()
    }

    static func date(_ text: String) -> Date? {
        RFC3339.parse(text) ?? RFC3339.parse(text + "T00:00:00Z")
    }
}

/// Polls the runs of a backfill and draws one progress line until every run has ended.
struct BackfillProgress {
    let client: APIClient
    let workflow: String
    let runIds: [String]

    func watch() async throws {
        let tty = isatty(1) != 0
        var finalCounts: [String: (done: Int, total: Int, failed: Int, state: String)] = [:]
        var lastLine = ""
        while true {
            for runId in runIds where finalCounts[runId] == nil {
                let base = "/api/v2/dags/\(workflow)/dagRuns/\(DagsCommand.escape(runId))"
                let run = try await client.call(.GET, base).objectValue ?? [:]
                let state = run["state"]?.stringValue ?? "queued"
                let tis = DagsCommand.items(try await client.call(.GET, base + "/taskInstances?limit=100"), "task_instances")
                let states = tis.compactMap { $0.objectValue?["state"]?.stringValue }
                let done = states.filter { TaskState(rawValue: $0)?.isFinal ?? false }.count
                let failed = states.filter { $0 == "failed" || $0 == "upstream_failed" }.count
                if state == "success" || state == "failed" {
                    finalCounts[runId] = (done, tis.count, failed, state)
                } else {
                    lastLine = render(finalCounts, pending: (runId, done, tis.count, failed))
                }
            }
            let line = render(finalCounts, pending: nil)
            if tty {
                print("\r" + line, terminator: "")
                fflush(nil)
            } else if line != lastLine {
                print(line)
            }
            lastLine = line
            if finalCounts.count == runIds.count { break }
            try await Task.sleep(for: .seconds(1))
        }
        if tty { print("") }
        let failedRuns = finalCounts.values.filter { $0.state == "failed" }.count
        print("backfill of \(workflow) finished: \(runIds.count - failedRuns) succeeded, \(failedRuns) failed")
        if failedRuns > 0 { throw ExitCode(1) }
    }

    private func render(_ counts: [String: (done: Int, total: Int, failed: Int, state: String)],
                        pending: (String, Int, Int, Int)?) -> String {
        let finished = counts.count
        let total = runIds.count
        let tasksDone = counts.values.map(\.done).reduce(0, +) + (pending?.1 ?? 0)
        let tasksTotal = counts.values.map(\.total).reduce(0, +) + (pending?.2 ?? 0)
        let failed = counts.values.map(\.failed).reduce(0, +) + (pending?.3 ?? 0)
        let width = 30
        let filled = total == 0 ? width : width * finished / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        return "[\(bar)] runs \(finished)/\(total)  tasks \(tasksDone)/\(max(tasksTotal, tasksDone))  failed \(failed)"
    }
}
