import RotaCore
import RotaStorage
import Synchronization

/// Fails the statements of a transaction whose connection closed under them.
///
/// PostgresNIO (1.33) was seen to leave a query on a connection closed mid-query waiting forever
/// (PostgreSQL restarted): its caller never resumed. When that caller was the worker pool's claim
/// loop, the server never ran a task again. So each statement runs in a task of its own, and a
/// watchdog that looks at the connection every `pollInterval` fails the statements still waiting
/// once it is closed; a statement stuck that way is abandoned with its task.
final class StatementGuard: Sendable {
    private struct State {
        var closed = false
        var next = 0
        var waiting: [Int: @Sendable (any Error) -> Void] = [:]
    }

    private let state = Mutex(State())
    private let watchdog: Mutex<Task<Void, Never>?> = Mutex(nil)
    /// Where the statements' tasks run (the transaction's event loop; nil: Swift's pool).
    private let executor: (any TaskExecutor)?

    static let closedError = StoreError("PostgreSQL: the connection closed during the statement")

    /// Starts watching; `isClosed` says whether the connection is closed.
    init(pollInterval: Duration = .milliseconds(500), executor: (any TaskExecutor)? = nil,
         isClosed: @escaping @Sendable () -> Bool) {
        self.executor = executor
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await sleepCancellably(for: pollInterval)
                guard let self else { return }
                guard !Task.isCancelled, isClosed() else { continue }
                self.failWaiting()
                return
            }
        }
        watchdog.withLock { $0 = task }
    }

    /// The connection is closed: every statement still waiting fails, and so does every later one.
    private func failWaiting() {
        let stuck = state.withLock { state in
            state.closed = true
            defer { state.waiting.removeAll() }
            return Array(state.waiting.values)
        }
        for fail in stuck { fail(Self.closedError) }
    }

    /// Stops watching (the transaction is over).
    func stop() {
        watchdog.withLock { $0 }?.cancel()
    }

    deinit { stop() }

    /// Runs `statement`, or fails when the connection closes first.
    func run<T: Sendable>(_ statement: @escaping @Sendable () async throws -> T) async throws -> T {
        let outcome = Outcome<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                outcome.set(continuation)
                let id: Int? = state.withLock { state in
                    if state.closed { return nil }
                    state.next += 1
                    state.waiting[state.next] = { error in outcome.resume(.failure(error)) }
                    return state.next
                }
                guard let id else {
                    outcome.resume(.failure(Self.closedError))
                    return
                }
                outcome.start(Task(executorPreference: executor) {
                    let result: Result<T, any Error>
                    do { result = .success(try await statement()) } catch { result = .failure(error) }
                    _ = self.state.withLock { $0.waiting.removeValue(forKey: id) }
                    outcome.resume(result)
                })
            }
        } onCancel: {
            outcome.cancel()
        }
    }

    /// One statement's continuation, resumed once, and its task (cancelled with its caller).
    private final class Outcome<T: Sendable>: Sendable {
        private struct Slot {
            var continuation: CheckedContinuation<T, any Error>?
            var task: Task<Void, Never>?
            var cancelled = false
        }
        private let slot = Mutex(Slot())

        /// Called first, before anything can resume.
        func set(_ continuation: CheckedContinuation<T, any Error>) {
            slot.withLock { $0.continuation = continuation }
        }

        /// The first call resumes the caller; later ones (a stuck statement ending after all) are ignored.
        func resume(_ result: Result<T, any Error>) {
            let continuation = slot.withLock { slot in
                defer { slot.continuation = nil }
                return slot.continuation
            }
            continuation?.resume(with: result)
        }

        func start(_ task: Task<Void, Never>) {
            let cancel = slot.withLock { slot in
                slot.task = task
                return slot.cancelled
            }
            if cancel { task.cancel() }
        }

        func cancel() {
            let task = slot.withLock { slot in
                slot.cancelled = true
                return slot.task
            }
            task?.cancel()
        }
    }
}
