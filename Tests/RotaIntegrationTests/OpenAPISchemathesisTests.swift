import Foundation
import RotaCore
import Testing

/// The native API's OpenAPI document (`GET /openapi.json`) against the real binary: it lists every
/// Dkron route, and schemathesis, driven by it, finds no server error and no response that breaks
/// the document (status code, content type, body schema).
@Suite("OpenAPI document and schemathesis", .serialized)
struct OpenAPISchemathesisTests {
    /// `/openapi.json` is JSON with an OpenAPI 3 header, names every method and path that
    /// `DkronRoutes` registers (read from its source, so a new route without a description fails
    /// here), the workflow upload and `/health`, and leaves out the internal and Airflow routes.
    @Test func openAPIDocumentListsEveryDkronRoute() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            let response = try await rota.request(.GET, "/openapi.json")
            #expect(response.status == 200)
            #expect(response.headers.first(name: "Content-Type")?.hasPrefix("application/json") == true)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
            #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
            let paths = try #require(document["paths"] as? [String: [String: Any]])

            let registered = try Self.dkronRoutes()
            #expect(registered.count >= 20, "too few routes read from DkronRoutes.swift: \(registered)")
            var expected = registered
            expected.append(("put", "/rota/v1/workflows/{id}"))
            expected.append(("delete", "/rota/v1/workflows/{id}"))
            expected.append(("post", "/rota/v1/workflows/{id}/backfill"))
            expected.append(("get", "/rota/v1/schedule/preview"))
            expected.append(("get", "/health"))
            expected.append(("get", "/openapi.json"))
            for (method, path) in expected {
                #expect(paths[path]?[method] != nil, "\(method.uppercased()) \(path) is not in /openapi.json")
            }
            for path in paths.keys {
                #expect(!path.hasPrefix("/rota/v1/workers") && !path.hasPrefix("/api/"), "\(path) should not be described")
            }
            rota.stop()
        }
    }

    /// schemathesis (pinned, from PyPI) runs its examples, coverage, fuzzing and stateful phases
    /// against `rota standalone` holding a job with executions and a workflow: no 5xx, and every
    /// response matches the document's status codes, content types and schemas.
    @Test(.enabled(if: PythonClient.python != nil, "needs python3"), .timeLimit(.minutes(10)))
    func schemathesisFindsNoServerErrorOrSchemaMismatch() async throws {
        let st = try Schemathesis.prepare()
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            try await Self.seed(rota)
            let config = home + "/schemathesis.toml"
            try Schemathesis.config.write(toFile: config, atomically: true, encoding: .utf8)
            let run = try Schemathesis.run(st, [
                "--config-file", config, "--no-color", "run", rota.baseURL + "/openapi.json",
                "--checks", Schemathesis.checks, "--max-examples", String(Schemathesis.examplesPerOperation),
                "--seed", String(Schemathesis.seed), "--request-timeout", "20",
            ], cwd: home)
            #expect(run.code == 0, "schemathesis exited \(run.code):\n\(run.output)\n\(rota.stderr.suffix(4000))")
            if let summary = run.output.range(of: "Test cases:") { print("schemathesis " + run.output[summary.lowerBound...]) }
            #expect(run.output.contains("passed"), "\(run.output)")
            let health = try await rota.request(.GET, "/health")
            #expect(health.status == 200, "rota did not survive the run: \(rota.stderr.suffix(4000))")
            rota.stop()
        }
    }

    /// Regression (found by schemathesis): `_start` near Int.max made `_start + 100` overflow, and
    /// a very negative `_end` made `_end - _start` overflow, killing the whole server. Extreme
    /// slices now answer 200 with an empty page.
    @Test func executionListSurvivesExtremeSlices() async throws {
        try await withHome { home in
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            try await Self.seed(rota)
            let big = "9223372036854775807", small = "-9223372036854775808"
            for query in ["_start=\(big)", "_start=1&_end=\(small)", "_start=\(big)&_end=\(big)", "_start=\(small)&_end=\(big)",
                          "_end=\(big)&output_size_limit=\(big)"] {
                for base in ["/v1/jobs/seeded/executions", "/v1/executions/seeded"] {
                    let page = try await rota.request(.GET, base + "?" + query)
                    #expect(page.status == 200, "\(base)?\(query): \(page.status) \(page.text)")
                }
            }
            let empty = try await rota.request(.GET, "/v1/jobs/seeded/executions?_start=\(big)")
            #expect(empty.json.arrayValue.isEmpty)
            #expect(empty.headers.first(name: "X-Total-Count") == "2")
            let all = try await rota.request(.GET, "/v1/jobs/seeded/executions?_start=\(small)&_end=\(big)")
            #expect(all.json.arrayValue.count == 2)
            #expect(try await rota.request(.GET, "/health").status == 200)
            rota.stop()
        }
    }

    /// A job `seeded` with two finished executions and a workflow `seeded-flow`, so the fuzzed
    /// requests also reach existing objects (the config binds the path parameters to them).
    static func seed(_ rota: RotaProcess) async throws {
        let job = #"{"name": "seeded", "schedule": "@manually", "executor": "shell", "executor_config": {"command": "echo seeded"}}"#
        let created = try await rota.request(.POST, "/v1/jobs", body: job)
        guard created.status == 201 else { throw TestFailure("seed job: \(created.status) \(created.text)") }
        for _ in 0..<2 {
            let ran = try await rota.request(.POST, "/v1/jobs/seeded/run")
            guard ran.status == 200 else { throw TestFailure("seed run: \(ran.status) \(ran.text)") }
        }
        let finished = try await rota.eventually {
            let list = try await rota.request(.GET, "/v1/jobs/seeded/executions").json.arrayValue
            return list.count == 2 && list.allSatisfy { $0["state"]?.stringValue == "success" }
        }
        guard finished else { throw TestFailure("seed executions did not finish: \(rota.stderr.suffix(4000))") }
        let workflow = "id: seeded-flow\ntasks:\n  - id: greet\n    command: echo hi\n"
        let stored = try await rota.request(.PUT, "/rota/v1/workflows/seeded-flow", body: workflow, contentType: "application/yaml")
        guard stored.status == 201 else { throw TestFailure("seed workflow: \(stored.status) \(stored.text)") }
    }

    /// Every `(method, path)` registered in `DkronRoutes.register`, in OpenAPI's spelling
    /// (`/v1/jobs/{job}`).
    static func dkronRoutes() throws -> [(String, String)] {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/RotaHTTP/Dkron/DkronRoutes.swift")
        let text = try String(contentsOf: source, encoding: .utf8)
        var routes: [(String, String)] = []
        for match in text.matches(of: #/(v1|router)\.(get|post|put|patch|delete)\("([^"]*)"\)/#) {
            let (_, group, method, path) = match.output
            let full = group == "router" ? "/" + path : "/v1/" + path
            let openAPIPath = full.split(separator: "/", omittingEmptySubsequences: false).map { part in
                part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
            }.joined(separator: "/")
            routes.append((String(method), openAPIPath))
        }
        return routes
    }
}

/// schemathesis from PyPI in a venv at `/tmp/rota-schemathesis-venv`, made with Debian's python3
/// on first use and reused while it holds the pinned version.
enum Schemathesis {
    static let version = "4.32.5"
    static let venv = "/tmp/rota-schemathesis-venv"
    static let checks = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
    static let examplesPerOperation = 50
    static let seed = 1

    /// Binds the path parameters to the seeded objects half of the time (the other half stays
    /// random, for the 404 paths), keeps the seeded job away from the deleting operations, and
    /// feeds the integer parameters the 64-bit extremes half of the time.
    static let config = """
        [generation]
        database = "none"

        [generation.dictionaries]
        integer = { dictionary = "extremes", probability = 0.5 }

        [dictionaries]
        jobs = { values = ["seeded"] }
        doomed = { values = ["restored"] }
        executions = { values = ["1", "2"] }
        workflows = { values = ["seeded-flow"] }
        extremes = { values = [9223372036854775807, -9223372036854775808, -1] }

        [parameters]
        "path.job" = { dictionary = "jobs", probability = 0.5 }
        "path.execution" = { dictionary = "executions", probability = 0.5 }
        "path.id" = { dictionary = "workflows", probability = 0.5 }

        [[operations]]
        include-operation-id = "deleteJob"
        parameters = { "path.job" = { dictionary = "doomed", probability = 0.5 } }

        [[operations]]
        include-operation-id = "deleteExecutions"
        parameters = { "path.job" = { dictionary = "doomed", probability = 0.5 } }

        """

    /// The `st` executable, installing it first when the venv is missing or holds another version.
    static func prepare() throws -> String {
        let st = venv + "/bin/st"
        if FileManager.default.isExecutableFile(atPath: st), (try? run(st, ["--version"]))?.output.contains(version) == true {
            return st
        }
        guard let python = PythonClient.python else { throw TestFailure("python3 not found") }
        try? FileManager.default.removeItem(atPath: venv)
        let created = try run(python, ["-m", "venv", venv])
        guard created.code == 0 else { throw TestFailure("python3 -m venv failed (python3-venv missing?): \(created.output)") }
        let installed = try run(venv + "/bin/pip", ["install", "--quiet", "--disable-pip-version-check", "schemathesis==\(version)"])
        guard installed.code == 0 else { throw TestFailure("pip install schemathesis==\(version) failed: \(installed.output)") }
        return st
    }

    /// Runs a program to completion in `cwd` (schemathesis writes its caches there); stdout and
    /// stderr together.
    static func run(_ program: String, _ arguments: [String], cwd: String? = nil) throws -> (code: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
