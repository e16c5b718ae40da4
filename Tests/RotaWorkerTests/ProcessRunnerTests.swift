#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import RotaWorker

/// Process runner tests run one at a time (nested suites included): the zombie check
/// inspects all of this process's children, and timing bounds stay meaningful on a
/// shared 2-core VM.
@Suite(.serialized)
struct ProcessRunnerTests {
    typealias Support = ProcessTestSupport

    /// A zero exit is reported as success and a non-zero one with its code.
    @Test(arguments: [Int32(0), 3])
    func reportsExitCode(code: Int32) async throws {
        let outcome = try await ProcessRunner.run(Support.shell("exit \(code)"))
        #expect(outcome.exitCode == code)
        #expect(outcome.signal == nil)
        #expect(outcome.succeeded == (code == 0))
        #expect(!outcome.timedOut && !outcome.cancelled)
        #expect(outcome.pid > 0)
    }

    /// A child killed by a signal has no exit code and reports the signal.
    @Test func reportsDeathBySignal() async throws {
        let outcome = try await ProcessRunner.run(Support.shell("kill -9 $$"))
        #expect(outcome.exitCode == nil)
        #expect(outcome.signal == SIGKILL)
        #expect(!outcome.succeeded)
    }

    /// Sequential writes to stdout and stderr arrive merged, in order.
    @Test func mergesStdoutAndStderrInOrder() async throws {
        let outcome = try await ProcessRunner.run(
            Support.shell("echo one; echo two >&2; echo three >&2; echo four"))
        #expect(outcome.outputText == "one\ntwo\nthree\nfour\n")
        #expect(outcome.droppedBytes == 0)
    }

    /// The child sees exactly the given environment and runs in the given directory.
    @Test func appliesEnvironmentAndWorkingDirectory() async throws {
        let directory = Support.makeTemporaryDirectory()
        let spec = ProcessSpec(
            arguments: ["/bin/sh", "-c", #"printf '%s|%s|%s' "$ROTA_VALUE" "$(pwd -P)" "${HOME-unset}""#],
            environment: ["ROTA_VALUE": "hello world", "PATH": "/usr/bin:/bin"],
            workingDirectory: directory)
        let outcome = try await ProcessRunner.run(spec)
        #expect(outcome.outputText == "hello world|\(directory)|unset")
        await Support.removeTree(directory)
    }

    /// A bare command name is looked up in the PATH of the child's environment.
    @Test func looksUpCommandInChildPath() async throws {
        let directory = Support.makeTemporaryDirectory()
        Support.writeFile("\(directory)/rota-path-probe", "#!/bin/sh\necho found \"$1\"\n", mode: 0o755)
        let spec = ProcessSpec(
            arguments: ["rota-path-probe", "it"],
            environment: ["PATH": "/nonexistent:\(directory):/usr/bin:/bin"])
        let outcome = try await ProcessRunner.run(spec)
        #expect(outcome.outputText == "found it\n")
        #expect(outcome.succeeded)
        await Support.removeTree(directory)
    }

    /// An unknown command fails to launch with a "command not found" message.
    @Test func unknownCommandThrowsLaunchError() async throws {
        let spec = ProcessSpec(arguments: ["rota-no-such-command", "x"])
        let error = await #expect(throws: ProcessLaunchError.self) {
            try await ProcessRunner.run(spec)
        }
        #expect(error?.message.hasPrefix("command not found: rota-no-such-command") == true)
    }

    /// A missing explicit executable path fails to launch and names the path.
    @Test func missingExecutablePathThrowsLaunchError() async throws {
        let error = await #expect(throws: ProcessLaunchError.self) {
            try await ProcessRunner.run(ProcessSpec(arguments: ["/nonexistent/rota-tool"]))
        }
        #expect(error?.message.contains("/nonexistent/rota-tool") == true)
        #expect(error?.errno == ENOENT)
    }

    /// A working directory that does not exist fails to launch and says so.
    @Test func missingWorkingDirectoryThrowsLaunchError() async throws {
        let spec = ProcessSpec(arguments: ["/bin/true"], workingDirectory: "/nonexistent/rota-dir")
        let error = await #expect(throws: ProcessLaunchError.self) {
            try await ProcessRunner.run(spec)
        }
        #expect(error?.message.hasPrefix("working directory /nonexistent/rota-dir does not exist") == true)
    }

    /// Specs that cannot be expressed to exec are rejected before spawning.
    @Test(arguments: ["empty argv", "empty command name", "NUL in argument", "'=' in variable name"])
    func invalidSpecThrowsLaunchError(problem: String) async throws {
        let spec = switch problem {
        case "empty argv": ProcessSpec(arguments: [], environment: [:])
        case "empty command name": ProcessSpec(arguments: [""], environment: [:])
        case "NUL in argument": ProcessSpec(arguments: ["/bin/echo", "a\u{0}b"], environment: [:])
        default: ProcessSpec(arguments: ["/bin/true"], environment: ["A=B": "c"])
        }
        await #expect(throws: ProcessLaunchError.self) {
            try await ProcessRunner.run(spec)
        }
    }

    /// The stdin payload reaches the child, and stdin is closed afterwards.
    @Test func writesStdinPayload() async throws {
        var spec = ProcessSpec(arguments: ["cat"])
        spec.stdin = Array("hello\nworld\n".utf8)
        let outcome = try await ProcessRunner.run(spec)
        #expect(outcome.outputText == "hello\nworld\n")
    }

    /// A payload larger than the pipe buffers is streamed while output is read.
    @Test func streamsLargeStdinPayloadWithoutDeadlock() async throws {
        let payload = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let spec = ProcessSpec(arguments: ["cat"], outputLimit: 2 << 20, stdin: payload)
        let outcome = try await ProcessRunner.run(spec)
        #expect(outcome.output == payload)
    }

    /// Without a payload stdin is /dev/null, so readers see EOF at once.
    @Test func stdinDefaultsToDevNull() async throws {
        let outcome = try await ProcessRunner.run(Support.shell("cat; echo end"))
        #expect(outcome.outputText == "end\n")
    }

    /// A child that closes stdin before reading the payload does not break the runner (no SIGPIPE).
    @Test func ignoredStdinPayloadIsHarmless() async throws {
        var spec = Support.shell("exec 0<&-; sleep 0.2")
        spec.stdin = [UInt8](repeating: 65, count: 1 << 20)
        let outcome = try await ProcessRunner.run(spec)
        #expect(outcome.succeeded)
    }
}
