#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import RotaWorker

extension ProcessRunnerTests {
    /// Many runs: nothing leaks, concurrency holds up.
    @Suite struct Load {
        typealias Support = ProcessTestSupport

        /// After many runs of every kind, none of the children is left to reap (each pid is
        /// checked on its own: other suites in this process have children of their own).
        @Test func leavesNoZombies() async throws {
            var pids: [Int32] = []
            for round in 0..<60 {
                let script = ["exit 0", "exit 3", "kill -9 $$", "echo out; echo err >&2"][round % 4]
                pids.append(try await ProcessRunner.run(Support.shell(script)).pid)
            }
            let timedOut = try await ProcessRunner.run(Support.shell("sleep 30", timeout: .milliseconds(100)))
            #expect(timedOut.timedOut)
            pids.append(timedOut.pid)
            let cancelled = Task { try await ProcessRunner.run(Support.shell("sleep 30")) }
            cancelled.cancel()
            pids.append(try await cancelled.value.pid)

            for pid in pids where pid > 0 {
                var status: Int32 = 0
                let reaped = waitpid(pid, &status, WNOHANG)
                let error = errno
                #expect(reaped == -1 && error == ECHILD, "child \(pid) was not reaped")
            }
        }

        /// 200 concurrent short processes all succeed with their own output.
        @Test func runsManyProcessesConcurrently() async throws {
            let outputs = try await withThrowingTaskGroup(of: (Int, ProcessOutcome).self) { group in
                for index in 0..<200 {
                    group.addTask {
                        (index, try await ProcessRunner.run(Support.shell("echo \(index)")))
                    }
                }
                var results: [Int: ProcessOutcome] = [:]
                for try await (index, outcome) in group { results[index] = outcome }
                return results
            }
            #expect(outputs.count == 200)
            for (index, outcome) in outputs {
                #expect(outcome.succeeded)
                #expect(outcome.outputText == "\(index)\n")
            }
            #expect(Set(outputs.values.map(\.pid)).count == 200)
        }
    }
}
