import NIOCore

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
final class EventLoopExecutor: TaskExecutor {
    let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }
}
