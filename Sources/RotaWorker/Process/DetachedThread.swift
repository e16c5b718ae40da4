#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts a detached OS thread running a closure.
///
/// Why not `Task` or a Dispatch queue: supervising a child means blocking in
/// `poll`, `waitpid` and `nanosleep`. Doing that on Swift's cooperative pool (one
/// thread per core) would stall unrelated tasks, and Dispatch's shared pool caps
/// its thread count, so hundreds of long jobs could starve it. A plain pthread per
/// running child costs tens of microseconds — little next to a spawn — and is
/// released as soon as the child has been reaped. A thread-directed SIGPIPE (from
/// writing stdin to a child that stopped reading) stays blocked and pending on that
/// thread and is discarded when it exits, so the process never dies of it.
enum DetachedThread {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Starts `body` on a new thread. Returns 0, or the `pthread_create` error.
    static func start(_ body: @escaping @Sendable () -> Void) -> Int32 {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))

        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t? = nil
        #else
        var thread = pthread_t()
        #endif
        let rc = pthread_create(&thread, &attributes, { context in
            DetachedThread.enter(context)
            return nil
        }, context)
        if rc != 0 {
            Unmanaged<Body>.fromOpaque(context).release()
        }
        return rc
    }

    private static func enter(_ context: UnsafeMutableRawPointer?) {
        guard let context else { return }
        let body = Unmanaged<Body>.fromOpaque(context).takeRetainedValue()
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        body.run()
    }
}
