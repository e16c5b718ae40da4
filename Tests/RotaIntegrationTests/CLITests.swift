import Foundation
import RotaCore
import Testing

/// The `rota` command line: database tools, job files, job commands.
@Suite("Command line", .serialized)
struct CLITests {
    /// `db init`, `check`, `migrate` and `reset` work on the SQLite file; reset asks first.
    @Test func databaseCommandsManageTheSchema() async throws {
        try await withHome { home in
            let initialised = try runRota(["db", "init", "--home", home])
            #expect(initialised.code == 0)
            #expect(initialised.output.contains("applied migrations 1, 2"))
            #expect(try runRota(["db", "check", "--home", home]).output.contains("is current"))
            #expect(try runRota(["db", "migrate", "--home", home]).output.contains("up to date"))
            let refused = try runRota(["db", "reset", "--home", home], stdin: "no\n")
            #expect(refused.code != 0)
            #expect(refused.output.contains("nothing was changed"))
            let reset = try runRota(["db", "reset", "--yes", "--home", home])
            #expect(reset.code == 0)
            #expect(reset.output.contains("reset"))
        }
    }

    /// A bad job file is reported with its file, line and field.
    @Test func badJobFileNamesFileLineAndField() async throws {
        try await withHome { home in
            let file = home + "/bad.yaml"
            try "name: nightly\nschedule: \"0 0 25 * * *\"\ncommand: backup.sh\n".write(toFile: file, atomically: true, encoding: .utf8)
            let result = try runRota(["jobs", "add", "-f", file, "--server", "http://127.0.0.1:9"])
            #expect(result.code != 0)
            #expect(result.output.contains("\(file):2: schedule:"), "\(result.output)")
            let config = home + "/rota.yaml"
            try "port: 8080\nworkerz: 3\n".write(toFile: config, atomically: true, encoding: .utf8)
            let badConfig = try runRota(["db", "check", "--config", config])
            #expect(badConfig.output.contains("\(config):2: unknown setting \"workerz\"; did you mean \"workers\"?"), "\(badConfig.output)")
        }
    }

    /// Job files in ./jobs load at start; `rota jobs` lists, adds, runs and deletes over the API.
    @Test func jobFilesAndJobCommands() async throws {
        try await withHome { home in
            try """
            [{"name": "from-file", "schedule": "@every 1h", "executor": "shell", "executor_config": {"command": "echo file"}}]
            """.write(toFile: home + "/jobs/a.json", atomically: true, encoding: .utf8)
            try "name: Broken\n".write(toFile: home + "/jobs/b.yaml", atomically: true, encoding: .utf8)
            let rota = try RotaProcess(home: home)
            try rota.waitUntilListening()
            #expect(rota.stderr.contains("b.yaml:1: name:"))
            let listed = try runRota(["jobs", "list", "--server", rota.baseURL])
            #expect(listed.output.contains("from-file"))
            try "name: added\nschedule: '@manually'\nexecutor: shell\nexecutor_config:\n  command: echo added\n"
                .write(toFile: home + "/added.yaml", atomically: true, encoding: .utf8)
            #expect(try runRota(["jobs", "add", "-f", home + "/added.yaml", "--server", rota.baseURL]).code == 0)
            #expect(try runRota(["jobs", "run", "added", "--server", rota.baseURL]).code == 0)
            #expect(try await rota.eventually {
                try await rota.request(.GET, "/v1/jobs/added/executions").json.arrayValue.first?["output"]?.stringValue == "added\n"
            })
            let shown = try runRota(["jobs", "show", "added", "--server", rota.baseURL])
            #expect(shown.output.contains("\"name\" : \"added\""))
            #expect(try runRota(["jobs", "delete", "added", "--server", rota.baseURL]).code == 0)
            let missing = try runRota(["jobs", "show", "added", "--server", rota.baseURL])
            #expect(missing.code != 0)
            #expect(missing.output.contains("404"))
            rota.stop()
        }
    }
}

@Suite("Configuration precedence", .serialized)
struct ConfigurationTests {
    /// Flags beat ROTA_ variables, which beat the config file, which beats the defaults.
    @Test func flagsBeatEnvironmentBeatFileBeatDefaults() async throws {
        try await withHome { home in
            let config = home + "/rota.yaml"
            try "home: \(home)/from-file\n".write(toFile: config, atomically: true, encoding: .utf8)
            let fromFile = try runRota(["db", "check", "--config", config])
            #expect(fromFile.output.contains("\(home)/from-file/rota.sqlite"), "\(fromFile.output)")
            let fromEnv = try runRota(["db", "check"], environment: ["ROTA_CONFIG": config, "ROTA_HOME": home + "/from-env"])
            #expect(fromEnv.output.contains("\(home)/from-env/rota.sqlite"), "\(fromEnv.output)")
            let fromFlag = try runRota(["db", "check", "--home", home + "/from-flag"],
                                       environment: ["ROTA_CONFIG": config, "ROTA_HOME": home + "/from-env"])
            #expect(fromFlag.output.contains("\(home)/from-flag/rota.sqlite"), "\(fromFlag.output)")
            let defaults = try runRota(["db", "check"], cwd: home)
            #expect(defaults.output.contains("./rota-data/rota.sqlite"), "\(defaults.output)")
            let badEnv = try runRota(["db", "check"], environment: ["ROTA_PORT": "eighty"])
            #expect(badEnv.code != 0)
            #expect(badEnv.output.contains("ROTA_PORT: \"eighty\" is not a whole number"), "\(badEnv.output)")
        }
    }

    /// `rota version` and Dkron's `rota agent --server` work; a public address needs ROTA_INSECURE.
    @Test func versionAgentAliasAndLoopbackGuard() async throws {
        try await withHome { home in
            #expect(try runRota(["version"]).output.hasPrefix("rota "))
            let refused = try runRota(["standalone", "--host", "0.0.0.0", "--home", home])
            #expect(refused.code != 0)
            #expect(refused.output.contains("refusing to listen on 0.0.0.0 without authentication"))
            let agent = Process()
            agent.executableURL = URL(fileURLWithPath: RotaProcess.binary)
            agent.arguments = ["agent", "--server", "--port", "0", "--home", home]
            let out = Pipe()
            agent.standardOutput = out
            agent.standardError = FileHandle.nullDevice
            try agent.run()
            var line = ""
            while !line.contains("listening on") {
                let data = out.fileHandleForReading.availableData
                if data.isEmpty { break }
                line += String(decoding: data, as: UTF8.self)
            }
            #expect(line.contains("rota standalone listening on http://127.0.0.1:"))
            agent.terminate()
            agent.waitUntilExit()
        }
    }
}
