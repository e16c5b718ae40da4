import NIOCore
import Synchronization

/// Runs a transaction's code on its connection's event loop.
///
/// Why: every statement's reply arrives on the connection's event loop. On Swift's own pool each
/// reply resumed its caller through a thread switch, and the statement watchdog's task added
/// more: with 12 or so statements per worker report, switches were half of Rota's CPU in bench
/// W4 on PostgreSQL (`perf`: `finish_task_switch` alone 29 %). With the transaction preferring
/// this executor, the reply resumes it on the thread that read it. Only PostgreSQL transactions
/// run here: their code awaits the network between short steps, while SQLite's synchronous
/// statements would hold up every connection of the loop (measured with the global NIO executor:
/// W6 p99 46 → 298 ms on SQLite).
///
/// One executor per event loop, for the process's life (`shared(for:)`): no allocation per
/// transaction, and no question of an executor released by the transaction's last job while that
/// job still runs on it (each enqueued job also holds its executor until it has run).
final class EventLoopExecutor: TaskExecutor {
    let loop: any EventLoop

    private init(_ loop: any EventLoop) {
        self.loop = loop
    }

    private static let executors = Mutex<[ObjectIdentifier: EventLoopExecutor]>([:])

    /// The executor of `loop` (the event loops are few and live as long as the process).
    static func shared(for loop: any EventLoop) -> EventLoopExecutor {
        executors.withLock { executors in
            if let executor = executors[ObjectIdentifier(loop)] { return executor }
            let executor = EventLoopExecutor(loop)
            executors[ObjectIdentifier(loop)] = executor
            return executor
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
