#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization
import Testing
@testable import RotaWorker

/// Supervisor threads are reused: a thread whose body returned parks and runs the next body,
/// and no body is ever lost between a parking thread and a new start.
@Suite("Parking threads")
struct ParkingThreadsTests {
    static func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(30)
        while !condition() {
            if Date() > deadline { Issue.record("timed out"); return }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Marks a thread that ran a body of this test: a new thread starts without it.
    nonisolated(unsafe) static var marker: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    @Test func aThreadWhoseBodyReturnedRunsTheNextBody() async throws {
        let threads = ParkingThreads(parkedFor: 30, parkedLimit: 8)
        let key = Self.marker
        let first = Mutex(0)
        for _ in 0..<3 {
            // Each body holds its thread until all three run, so there are three threads (a
            // body that returned at once would park and take the next start itself).
            #expect(threads.start {
                pthread_setspecific(key, UnsafeRawPointer(bitPattern: 1))
                first.withLock { $0 += 1 }
                let deadline = ContinuousClock.now + .seconds(30)
                while first.withLock({ $0 }) < 3, ContinuousClock.now < deadline { usleep(1_000) }
            } == 0)
        }
        try await Self.waitUntil { first.withLock { $0 } == 3 && threads.parkedCount >= 3 }
        let reused = Mutex<[Bool]>([])
        for _ in 0..<3 {
            #expect(threads.start { reused.withLock { $0.append(pthread_getspecific(key) != nil) } } == 0)
        }
        try await Self.waitUntil { reused.withLock { $0.count } == 3 }
        // Three threads were parked, so each of the three bodies went to one of them.
        #expect(reused.withLock { $0 } == [true, true, true])
    }

    @Test func everyBodyRunsWhenStartsRaceWithParkingThreads() async throws {
        final class Count: Sendable { let value = Mutex(0) }
        let count = Count()
        let threads = ParkingThreads(parkedFor: 1, parkedLimit: 4)
        let total = 2_000
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<(total / 4) {
                        _ = threads.start { count.value.withLock { $0 += 1 } }
                    }
                }
            }
        }
        try await Self.waitUntil { count.value.withLock { $0 } == total }
        #expect(count.value.withLock { $0 } == total)
        #expect(threads.parkedCount <= threads.parkedLimit)
    }
}
