import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import RotaCore

/// `rota jobs …`: a client of a running Rota's Dkron API (`--server`, default the local one).
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "List, show, add, run and delete jobs on a running Rota.",
        subcommands: [List.self, Show.self, Add.self, Run.self, Delete.self])

    struct Server: ParsableArguments {
        @Option(help: "Rota's URL (default http://127.0.0.1:8080; also ROTA_SERVER).") var server: String?
        var url: String {
            (server ?? ProcessInfo.processInfo.environment["ROTA_SERVER"] ?? "http://127.0.0.1:8080")
                .trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs.")
        @OptionGroup var server: Server
        func run() async throws {
            let value = try await APIClient(base: server.url).call(.GET, "/v1/jobs")
            guard case .array(let jobs) = value else { return }
            var rows = [["NAME", "SCHEDULE", "STATUS", "NEXT", "OK", "ERR", "DISABLED"]]
            for case .object(let job) in jobs {
                func text(_ key: String) -> String { job[key]?.scalarText ?? "" }
                rows.append([text("name"), text("schedule"), text("status").isEmpty ? "-" : text("status"),
                             text("next") == "0001-01-01T00:00:00Z" ? "-" : text("next"),
                             text("success_count"), text("error_count"), text("disabled")])
            }
            print(Table.render(rows))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one job as JSON.")
        @OptionGroup var server: Server
        @Argument var name: String
        func run() async throws {
            print(try await APIClient(base: server.url).callText(.GET, "/v1/jobs/\(name)?pretty"))
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or replace the jobs in a JSON or YAML file.")
        @OptionGroup var server: Server
        @Option(name: .shortAndLong, help: "A job file (JSON or YAML; one job or an array).") var file: String
        func run() async throws {
            let jobs: [JobDefinition]
            do { jobs = try JobFileLoader.load(file: file) } catch { throw ValidationError(error.message) }
            let client = APIClient(base: server.url)
            for job in jobs {
                let body = try JSONEncoder().encode(DkronJobBody(job))
                _ = try await client.call(.POST, "/v1/jobs", body: body)
                print("job \(job.name) saved")
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run a job now.")
        @OptionGroup var server: Server
        @Argument var name: String
        func run() async throws {
            _ = try await APIClient(base: server.url).call(.POST, "/v1/jobs/\(name)/run")
            print("job \(name) started")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a job and its history.")
        @OptionGroup var server: Server
        @Argument var name: String
        func run() async throws {
            _ = try await APIClient(base: server.url).call(.DELETE, "/v1/jobs/\(name)")
            print("job \(name) deleted")
        }
    }
}

/// A validated job re-encoded in Dkron's field names for `POST /v1/jobs`.
struct DkronJobBody: Encodable {
    let job: JobDefinition
    init(_ job: JobDefinition) { self.job = job }
    func encode(to encoder: any Encoder) throws { try job.encode(to: encoder) }
}
