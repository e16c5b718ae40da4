import Foundation
import RotaCore

/// Dkron's `shell` executor: runs `command` directly (split like a shell would, without one) or
/// through `/bin/sh -c` when `shell` is `"true"`, with `env`, `cwd`, `timeout` and a base64
/// `payload` on stdin. The process gets its own process group so a timeout or shutdown kills
/// everything it started.
public struct ShellExecutor: TaskExecutor {
    /// Bytes of output kept per execution (Dkron keeps 256,000).
    public var outputLimit: Int

    public init(outputLimit: Int = 256_000) {
        self.outputLimit = outputLimit
    }

    public func execute(_ request: ExecutionRequest, output: OutputCollector) async -> ExecutionResult {
        let spec: ProcessSpec
        do {
            spec = try processSpec(for: request)
        } catch {
            output.append("rota: \(error.message)\n")
            return ExecutionResult(succeeded: false, exitCode: nil, reason: error.message)
        }
        let outcome: ProcessOutcome
        do {
            outcome = try await ProcessRunner.run(spec) { chunk in output.append(chunk) }
        } catch {
            output.append("rota: \(error.message)\n")
            return ExecutionResult(succeeded: false, exitCode: nil, reason: error.message)
        }
        if outcome.cancelled {
            return ExecutionResult(succeeded: false, exitCode: outcome.exitCode.map(Int.init),
                                   reason: "interrupted: the worker stopped while the task was running", interrupted: true)
        }
        if outcome.timedOut {
            let limit = request.spec.config["timeout"] ?? ""
            output.append("\nrota: killed after the \(limit) timeout\n")
            return ExecutionResult(succeeded: false, exitCode: outcome.exitCode.map(Int.init), reason: "timed out after \(limit)")
        }
        if let signal = outcome.signal {
            return ExecutionResult(succeeded: false, exitCode: nil, reason: "killed by signal \(signal)")
        }
        let code = Int(outcome.exitCode ?? -1)
        return ExecutionResult(succeeded: code == 0, exitCode: code, reason: code == 0 ? "" : "exit status \(code)")
    }

    /// Translates Dkron's string-only `executor_config` into a process to start.
    func processSpec(for request: ExecutionRequest) throws(ProcessLaunchError) -> ProcessSpec {
        let config = request.spec.config
        let command = config["command"] ?? ""
        let arguments: [String]
        if config["shell"] == "true" {
            arguments = ["/bin/sh", "-c", command]
        } else {
            arguments = try ShellWords.split(command)
            if arguments.isEmpty { throw ProcessLaunchError("executor_config.command is empty") }
        }
        var environment = InheritedEnvironment.values
        for (key, value) in request.spec.environment { environment[key] = value }
        if let env = config["env"], !env.isEmpty {
            for pair in env.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                environment[String(parts[0]).trimmingCharacters(in: .whitespaces)] = String(parts[1])
            }
        }
        var timeout: Duration?
        if let text = config["timeout"], !text.isEmpty {
            timeout = try? GoDuration.parse(text)
        }
        var stdin: [UInt8]?
        if let payload = config["payload"], !payload.isEmpty {
            guard let data = Data(base64Encoded: payload) else {
                throw ProcessLaunchError("executor_config.payload is not base64")
            }
            stdin = Array(data)
        }
        let cwd = config["cwd"].flatMap { $0.isEmpty ? nil : $0 }
        // Checked again after rendering: a template value must not lead the task elsewhere.
        if let cwd, let problem = PathPolicy.problem(cwd) { throw ProcessLaunchError("executor_config.cwd: \(problem)") }
        return ProcessSpec(arguments: arguments, environment: environment, workingDirectory: cwd,
                           timeout: timeout, outputLimit: outputLimit, stdin: stdin)
    }
}
