#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import RotaWorker

extension ProcessRunnerTests {
    /// Stopping runs: timeouts, escalation to SIGKILL, task cancellation.
    @Suite struct Termination {
        typealias Support = ProcessTestSupport

        /// A timeout terminates the whole process group, background jobs included.
        @Test func timeoutKillsWholeGroup() async throws {
            let clock = ContinuousClock()
            var outcome: ProcessOutcome? = nil
            let elapsed = try await clock.measure {
                outcome = try await ProcessRunner.run(
                    Support.shell("sleep 30 & sleep 30", timeout: .milliseconds(500)))
            }
            let result = try #require(outcome)
            #expect(result.timedOut)
            #expect(!result.cancelled)
            #expect(!result.succeeded)
            #expect(result.signal == SIGTERM)
            #expect(elapsed < .seconds(20), "the 30 s sleep was cut short")
            #expect(await Support.waitUntilGroupIsGone(result.pid))
        }

        /// A group that ignores SIGTERM is killed with SIGKILL after the grace period.
        @Test func timeoutEscalatesToSigkill() async throws {
            let clock = ContinuousClock()
            var outcome: ProcessOutcome? = nil
            let elapsed = try await clock.measure {
                outcome = try await ProcessRunner.run(
                    Support.shell("trap '' TERM; sleep 30 & sleep 30", timeout: .milliseconds(200)),
                    killGrace: .milliseconds(300))
            }
            let result = try #require(outcome)
            #expect(result.timedOut)
            #expect(result.signal == SIGKILL)
            #expect(elapsed < .seconds(20), "the 30 s sleep was cut short")
            #expect(await Support.waitUntilGroupIsGone(result.pid))
        }

        /// The timeout still applies after the child has closed its output.
        @Test func timeoutAppliesAfterOutputIsClosed() async throws {
            let outcome = try await ProcessRunner.run(
                Support.shell("exec >&- 2>&-; sleep 30", timeout: .milliseconds(300)))
            #expect(outcome.timedOut)
            #expect(outcome.signal == SIGTERM)
            #expect(await Support.waitUntilGroupIsGone(outcome.pid))
        }

        /// Output produced before a timeout is kept in the outcome.
        @Test func timeoutKeepsEarlierOutput() async throws {
            let outcome = try await ProcessRunner.run(
                Support.shell("echo before; sleep 30", timeout: .milliseconds(300)))
            #expect(outcome.timedOut)
            #expect(outcome.outputText == "before\n")
        }

        /// Cancelling the awaiting task kills the group and returns cancelled=true.
        @Test func cancellationKillsGroupAndReportsCancelled() async throws {
            let recorder = OutputRecorder()
            let run = Task {
                defer { recorder.finish() }
                return try await ProcessRunner.run(
                    Support.shell("echo started; sleep 30 & sleep 30"), onOutput: recorder.callback)
            }
            #expect(await recorder.waitFor("started"))
            let clock = ContinuousClock()
            let cancelledAt = clock.now
            run.cancel()
            let outcome = try await run.value
            #expect(clock.now - cancelledAt < .seconds(20))
            #expect(outcome.cancelled)
            #expect(!outcome.timedOut)
            #expect(outcome.signal == SIGTERM)
            #expect(outcome.outputText == "started\n")
            #expect(await Support.waitUntilGroupIsGone(outcome.pid))
        }

        /// A task that is already cancelled spawns nothing and reports cancelled.
        @Test func alreadyCancelledTaskSpawnsNothing() async throws {
            let run = Task {
                while !Task.isCancelled { await Task.yield() }
                return try await ProcessRunner.run(Support.shell("echo should-not-run"))
            }
            run.cancel()
            let outcome = try await run.value
            #expect(outcome.cancelled)
            #expect(outcome.pid == 0)
            #expect(outcome.output.isEmpty)
        }
    }
}
