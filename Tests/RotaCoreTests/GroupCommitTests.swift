@testable import RotaCore
import Synchronization
import Testing

/// `GroupCommit` gives every caller its own output, commits each item exactly once, batches
/// what arrives during a commit, and lets one bad item fail only its own caller.
@Suite("Group commit")
struct GroupCommitTests {
    struct Refused: Error {}

    /// Records every batch; the first commit holds until `hold` submissions wait behind it.
    final class Recorder: Sendable {
        let batches = Mutex<[[Int]]>([])
        let hold: Int
        let refuse: Int?
        init(hold: Int = 0, refuse: Int? = nil) {
            self.hold = hold
            self.refuse = refuse
        }

        func commit(_ items: [Int], committer: @Sendable () -> GroupCommit<Int, Int>?) async throws -> [Int] {
            let first = batches.withLock { batches in
                batches.append(items)
                return batches.count == 1
            }
            if first, let committer = committer() {
                while committer.waiting < hold { await Task.yield() }
            }
            if let refuse, items.contains(refuse) { throw Refused() }
            return items.map { $0 * 10 }
        }
    }

    final class Box: Sendable {
        let committer = Mutex<GroupCommit<Int, Int>?>(nil)
    }

    private func committer(_ recorder: Recorder) -> GroupCommit<Int, Int> {
        let box = Box()
        let committer = GroupCommit<Int, Int> { items in
            try await recorder.commit(items) { box.committer.withLock { $0 } }
        }
        box.committer.withLock { $0 = committer }
        return committer
    }

    @Test func aLoneSubmissionCommitsAtOnceAndAlone() async throws {
        let recorder = Recorder()
        let committer = committer(recorder)
        #expect(try await committer.submit(7) == 70)
        #expect(try await committer.submit(8) == 80)
        #expect(recorder.batches.withLock { $0 } == [[7], [8]])
    }

    @Test func submissionsDuringACommitShareTheNextOneAndEachGetsItsOwnOutput() async throws {
        let recorder = Recorder(hold: 19)
        let committer = committer(recorder)
        let outputs = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            group.addTask { (0, try await committer.submit(0)) }
            while recorder.batches.withLock({ $0.isEmpty }) { await Task.yield() }
            for item in 1..<20 { group.addTask { (item, try await committer.submit(item)) } }
            var outputs: [Int: Int] = [:]
            for try await (item, output) in group { outputs[item] = output }
            return outputs
        }
        #expect(outputs == Dictionary(uniqueKeysWithValues: (0..<20).map { ($0, $0 * 10) }))
        let batches = recorder.batches.withLock { $0 }
        #expect(batches.count == 2)
        #expect(batches[0] == [0])
        #expect(batches[1].sorted() == Array(1..<20))
    }

    @Test func aBatchNeverExceedsItsMaximum() async throws {
        let recorder = Recorder(hold: 9)
        let box = Box()
        let committer = GroupCommit<Int, Int>(maximumBatch: 4) { items in
            try await recorder.commit(items) { box.committer.withLock { $0 } }
        }
        box.committer.withLock { $0 = committer }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await committer.submit(0) }
            while recorder.batches.withLock({ $0.isEmpty }) { await Task.yield() }
            for item in 1..<10 { group.addTask { _ = try await committer.submit(item) } }
            try await group.waitForAll()
        }
        let batches = recorder.batches.withLock { $0 }
        #expect(batches.map(\.count) == [1, 4, 4, 1])
        #expect(batches.flatMap { $0 }.sorted() == Array(0..<10))
    }

    @Test func aFailingBatchIsRetriedItemByItemSoOnlyTheBadItemFails() async throws {
        let recorder = Recorder(hold: 5, refuse: 3)
        let committer = committer(recorder)
        let outcomes = await withTaskGroup(of: (Int, Int?).self) { group in
            group.addTask { (0, try? await committer.submit(0)) }
            while recorder.batches.withLock({ $0.isEmpty }) { await Task.yield() }
            for item in 1..<6 { group.addTask { (item, try? await committer.submit(item)) } }
            var outcomes: [Int: Int?] = [:]
            for await (item, output) in group { outcomes[item] = output }
            return outcomes
        }
        #expect(outcomes == [0: 0, 1: 10, 2: 20, 3: nil, 4: 40, 5: 50])
        let batches = recorder.batches.withLock { $0 }
        #expect(batches.count == 2 + 5)
        #expect(batches[2...].allSatisfy { $0.count == 1 })
    }

    /// Two lanes: two commits run at once, a third submission waits for a lane and then commits
    /// with whatever queued behind it.
    @Test func withTwoLanesTwoCommitsOverlapAndTheRestWaitForALane() async throws {
        struct Flight: Sendable {
            var inFlight = 0
            var most = 0
            var released = false
        }
        let flight = Mutex(Flight())
        let batches = Mutex<[[Int]]>([])
        let committer = GroupCommit<Int, Int>(lanes: 2) { items in
            flight.withLock {
                $0.inFlight += 1
                $0.most = max($0.most, $0.inFlight)
            }
            batches.withLock { $0.append(items) }
            while !flight.withLock({ $0.released }) { await Task.yield() }
            flight.withLock { $0.inFlight -= 1 }
            return items.map { $0 * 10 }
        }
        let outputs = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            group.addTask { (0, try await committer.submit(0)) }
            group.addTask { (1, try await committer.submit(1)) }
            while flight.withLock({ $0.inFlight }) < 2 { await Task.yield() }
            for item in 2..<5 { group.addTask { (item, try await committer.submit(item)) } }
            while committer.waiting < 3 { await Task.yield() }
            #expect(flight.withLock { $0.inFlight } == 2)
            flight.withLock { $0.released = true }
            var outputs: [Int: Int] = [:]
            for try await (item, output) in group { outputs[item] = output }
            return outputs
        }
        #expect(outputs == Dictionary(uniqueKeysWithValues: (0..<5).map { ($0, $0 * 10) }))
        #expect(flight.withLock { $0.most } == 2)
        let recorded = batches.withLock { $0 }
        #expect(recorded.prefix(2).map { $0.count } == [1, 1])
        #expect(recorded.flatMap { $0 }.sorted() == Array(0..<5))
    }
}
