import RotaCore
import Testing

/// `sleepCancellably` behaves as `Task.sleep` does for its callers: it lasts its duration, and a
/// cancelled one ends at once with `CancellationError` (its timer is cancelled with it).
@Suite("Cancellable sleep")
struct CancellableSleepTests {
    @Test func aSleepLastsAtLeastItsDuration() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        try await sleepCancellably(for: .milliseconds(50))
        #expect(clock.now - start >= .milliseconds(50))
    }

    @Test func aCancelledSleepEndsAtOnceWithCancellationError() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let sleeper = Task { () -> Bool in
            do {
                try await sleepCancellably(for: .seconds(3600))
                return false
            } catch {
                return error is CancellationError
            }
        }
        try await Task.sleep(for: .milliseconds(20))
        sleeper.cancel()
        #expect(await sleeper.value)
        #expect(clock.now - start < .seconds(30))
    }

    @Test func aSleepCancelledBeforeItStartsEndsAtOnce() async throws {
        let sleeper = Task { () -> Bool in
            withUnsafeCurrentTask { $0?.cancel() }
            do {
                try await sleepCancellably(for: .seconds(3600))
                return false
            } catch {
                return error is CancellationError
            }
        }
        #expect(await sleeper.value)
    }

    @Test func manyCancelledSleepsDoNotWaitForTheirDeadlines() async throws {
        for _ in 0..<2_000 {
            let sleeper = Task { try? await sleepCancellably(for: .seconds(3600)) }
            sleeper.cancel()
            await sleeper.value
        }
    }
}
