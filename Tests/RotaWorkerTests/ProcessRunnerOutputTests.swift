#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Testing
import RotaWorker

extension ProcessRunnerTests {
    /// How output flows: streaming, bounding, and pipes held open by others.
    @Suite struct Output {
        typealias Support = ProcessTestSupport

        /// Output is delivered to onOutput while the process is still running.
        @Test func streamsChunksBeforeExit() async throws {
            let directory = Support.makeTemporaryDirectory()
            let flag = "\(directory)/continue"
            // The child prints "a", then waits (at most ~10 s) for the test to create
            // the flag file, so "a" must be observed before the process can end.
            let spec = Support.shell(
                #"echo a; i=0; while [ ! -e "$1" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; echo b"#,
                flag)
            let recorder = OutputRecorder()
            let finished = Atomic<Bool>(false)
            let run = Task {
                defer {
                    finished.store(true, ordering: .sequentiallyConsistent)
                    recorder.finish()
                }
                return try await ProcessRunner.run(spec, onOutput: recorder.callback)
            }

            let sawFirstLine = await recorder.waitFor("a\n")
            #expect(sawFirstLine)
            let finishedEarly = finished.load(ordering: .sequentiallyConsistent)
            #expect(!finishedEarly)
            Support.writeFile(flag, "")

            let outcome = try await run.value
            #expect(outcome.outputText == "a\nb\n")
            #expect(recorder.text == "a\nb\n")
            #expect(recorder.chunkCount >= 2)
            await Support.removeTree(directory)
        }

        /// 50 MB of output keeps only the tail and counts the dropped bytes.
        @Test func boundsHugeOutputToLimit() async throws {
            let total = 52_428_800
            let limit = ProcessSpec.defaultOutputLimit
            let streamed = Atomic<Int>(0)
            let largestChunk = Atomic<Int>(0)
            let spec = ProcessSpec(arguments: ["head", "-c", "\(total)", "/dev/zero"])
            let outcome = try await ProcessRunner.run(spec) { chunk in
                streamed.add(chunk.count, ordering: .relaxed)
                largestChunk.max(chunk.count, ordering: .relaxed)
            }
            #expect(outcome.succeeded)
            #expect(outcome.output.count == limit)
            #expect(outcome.droppedBytes == total - limit)
            #expect(outcome.output.allSatisfy { $0 == 0 })
            let streamedBytes = streamed.load(ordering: .relaxed)
            let largest = largestChunk.load(ordering: .relaxed)
            #expect(streamedBytes == total)
            #expect(largest <= ProcessRunner.maximumChunkSize)
        }

        /// A background grandchild holding the pipe open does not keep run() waiting.
        @Test func backgroundGrandchildDoesNotHangRun() async throws {
            let clock = ContinuousClock()
            var outcome: ProcessOutcome? = nil
            let elapsed = try await clock.measure {
                outcome = try await ProcessRunner.run(Support.shell("sleep 30 & echo done"))
            }
            let result = try #require(outcome)
            #expect(result.succeeded)
            #expect(result.outputText == "done\n")
            #expect(elapsed < .seconds(20), "the 30 s sleep was cut short")
            // The grandchild was deliberately left running; clean it up.
            _ = kill(-result.pid, SIGKILL)
            #expect(await Support.waitUntilGroupIsGone(result.pid))
        }
    }
}
