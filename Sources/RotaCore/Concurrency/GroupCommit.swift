import Synchronization

/// Commits what concurrent callers submit in shared batches: a few callers at a time commit
/// (`lanes`), and whatever was submitted while they did goes into the next commit together.
///
/// Why: a worker slot's report (its attempt's end plus its next claim) is a write transaction, and
/// the transaction's fixed costs (BEGIN/COMMIT and the WAL append on SQLite, a dozen round trips
/// on PostgreSQL) dominated the bench's per-task cost (W4). A lone report commits at once (no
/// timer, no added latency) and reports that arrive while every lane commits share the next one,
/// so the batch grows exactly as fast as the writer falls behind. SQLite has one writer, so one
/// lane; on PostgreSQL a second lane overlaps one transaction's round trips with another's work.
///
/// There is no committing thread: the caller whose submission finds a lane free commits; when it
/// is done it hands its lane to the oldest waiter, which commits everything queued by then. A
/// batch that fails is retried item by item, so one bad item fails only its own caller.
public final class GroupCommit<Item: Sendable, Output: Sendable>: Sendable {
    public typealias Commit = @Sendable ([Item]) async throws -> [Output]

    private enum Turn: Sendable {
        case done(Result<Output, any Error>)
        case lead
    }
    private struct Waiter {
        let item: Item
        let continuation: CheckedContinuation<Turn, Never>
    }
    private struct State {
        var committing = 0
        var queue: [Waiter] = []
    }

    private let state = Mutex(State())
    private let maximum: Int
    private let lanes: Int
    private let commit: Commit

    /// - Parameters:
    ///   - maximumBatch: the most items one commit takes (a bound on one transaction's size).
    ///   - lanes: how many commits may be in flight at once.
    ///   - commit: commits a batch; returns one output per item, in order.
    public init(maximumBatch: Int = 64, lanes: Int = 1, commit: @escaping Commit) {
        self.maximum = max(1, maximumBatch)
        self.lanes = max(1, lanes)
        self.commit = commit
    }

    /// How many submissions wait for the commit in flight (tests use it to build a batch).
    var waiting: Int { state.withLock { $0.queue.count } }

    /// Commits `item` with whatever else is waiting, and returns its output.
    public func submit(_ item: Item) async throws -> Output {
        let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            let leads = state.withLock { state in
                if state.committing >= lanes {
                    state.queue.append(Waiter(item: item, continuation: continuation))
                    return false
                }
                state.committing += 1
                return true
            }
            if leads { continuation.resume(returning: .lead) }
        }
        switch turn {
        case .done(let result):
            return try result.get()
        case .lead:
            return try await lead(item).get()
        }
    }

    /// Commits `own` and everything queued (up to the maximum), answers the others, passes the turn on.
    private func lead(_ own: Item) async -> Result<Output, any Error> {
        let others = state.withLock { state in
            let taken = Array(state.queue.prefix(maximum - 1))
            state.queue.removeFirst(taken.count)
            return taken
        }
        let results = await commitAll([own] + others.map(\.item))
        let next = state.withLock { state -> Waiter? in
            if state.queue.isEmpty {
                state.committing -= 1
                return nil
            }
            return state.queue.removeFirst()
        }
        for (waiter, result) in zip(others, results.dropFirst()) {
            waiter.continuation.resume(returning: .done(result))
        }
        next?.continuation.resume(returning: .lead)
        return results[0]
    }

    private func commitAll(_ items: [Item]) async -> [Result<Output, any Error>] {
        let outputs: [Output]
        do {
            outputs = try await commit(items)
        } catch {
            // Nothing of a failed batch was committed: each item is tried alone.
            if items.count == 1 { return [.failure(error)] }
            var results: [Result<Output, any Error>] = []
            for item in items { results.append(await commitAll([item])[0]) }
            return results
        }
        guard outputs.count == items.count else {
            // Committed, but the outputs cannot be matched to the items: retrying would commit twice.
            let error = GroupCommitError(message: "a batch of \(items.count) committed with \(outputs.count) outputs")
            return items.map { _ in .failure(error) }
        }
        return outputs.map { .success($0) }
    }
}

/// A commit function broke its contract (one output per item).
public struct GroupCommitError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
