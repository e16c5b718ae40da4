import Foundation
import RotaCore
import Testing

@Suite("Task state transitions")
struct TaskTransitionTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Success is final whatever the tries left.
    @Test func successIsFinal() {
        let decision = TaskTransitions.attemptFinished(succeeded: true, tryNumber: 1, policy: RetryPolicy(retries: 3), now: now)
        #expect(decision == .init(state: .success, readyAt: nil))
    }

    /// Failures retry after the delay until the tries run out.
    @Test func failureRetriesThenFails() {
        let policy = RetryPolicy(retries: 2, delay: .seconds(30), exponentialBackoff: false, maxDelay: nil)
        #expect(TaskTransitions.attemptFinished(succeeded: false, tryNumber: 1, policy: policy, now: now)
            == .init(state: .upForRetry, readyAt: now + 30))
        #expect(TaskTransitions.attemptFinished(succeeded: false, tryNumber: 2, policy: policy, now: now)
            == .init(state: .upForRetry, readyAt: now + 30))
        #expect(TaskTransitions.attemptFinished(succeeded: false, tryNumber: 3, policy: policy, now: now)
            == .init(state: .failed, readyAt: nil))
    }

    /// Exponential backoff doubles the delay per retry and is capped by max_retry_delay.
    @Test func exponentialBackoffDoublesUpToTheCap() {
        let policy = RetryPolicy(retries: 6, delay: .seconds(10), exponentialBackoff: true, maxDelay: .seconds(60))
        let waits = (1...5).map { TaskTransitions.attemptFinished(succeeded: false, tryNumber: $0, policy: policy, now: now).readyAt! }
            .map { $0.timeIntervalSince(now) }
        #expect(waits == [10, 20, 40, 60, 60])
    }

    /// A cleared task instance gets a fresh round of tries with the backoff starting again.
    @Test func clearedTaskStartsANewRoundOfTries() {
        let policy = RetryPolicy(retries: 1, delay: .seconds(10), exponentialBackoff: true, maxDelay: nil)
        // First round: tries 1-2 (max 2). After a clear at try 2: max_tries = 2 + 2 = 4.
        #expect(TaskTransitions.attemptFinished(succeeded: false, tryNumber: 3, maxTries: 4, policy: policy, now: now)
            == .init(state: .upForRetry, readyAt: now + 10))
        #expect(TaskTransitions.attemptFinished(succeeded: false, tryNumber: 4, maxTries: 4, policy: policy, now: now).state == .failed)
    }

    /// Only the moves of the state diagram are legal.
    @Test func onlyDiagramMovesAreAllowed() {
        #expect(TaskTransitions.isAllowed(from: .queued, to: .running))
        #expect(TaskTransitions.isAllowed(from: .running, to: .upForRetry))
        #expect(TaskTransitions.isAllowed(from: .failed, to: .queued))
        #expect(!TaskTransitions.isAllowed(from: .success, to: .running))
        #expect(!TaskTransitions.isAllowed(from: .scheduled, to: .running))
    }

    /// A run is final only when every task instance is, and failed when any failed.
    @Test func runStateFollowsTaskStates() {
        #expect(RunState.derive(from: [.queued, .scheduled]) == .queued)
        #expect(RunState.derive(from: [.success, .queued]) == .running)
        #expect(RunState.derive(from: [.success, .skipped]) == .success)
        #expect(RunState.derive(from: [.success, .upstreamFailed]) == .failed)
    }
}
