#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a closure on an OS thread of its own: a parked one when available, a new one otherwise.
///
/// Why not `Task` or a Dispatch queue: supervising a child means blocking in
/// `poll`, `waitpid` and `nanosleep`. Doing that on Swift's cooperative pool (one
/// thread per core) would stall unrelated tasks, and Dispatch's shared pool caps
/// its thread count, so hundreds of long jobs could starve it. So each running child
/// gets a thread, and a thread whose child was reaped parks for a while instead of
/// exiting: creating and ending a thread per task was ~5 % of Rota's CPU in bench W1
/// (1,000 `true` tasks), and a burst of short tasks reuses the same few threads.
/// A thread-directed SIGPIPE (from writing stdin to a child that stopped reading)
/// stays blocked and pending on its thread (blocked on entry), so the process never
/// dies of it; a pending SIGPIPE is harmless to the next body on the same thread.
enum DetachedThread {
    /// The process's threads for supervising children.
    static let shared = ParkingThreads(parkedFor: 10, parkedLimit: 64)

    /// Starts `body` on a parked thread or a new one. Returns 0, or the `pthread_create` error.
    static func start(_ body: @escaping @Sendable () -> Void) -> Int32 {
        shared.start(body)
    }
}

/// Threads that park after their body returns, and the bodies handed to them.
///
/// A parked thread waits at most `parkedFor` seconds for a body, then ends; at most
/// `parkedLimit` threads park, the others end when their body returns. A body is handed to a
/// parked thread only while more threads are parked than bodies wait, and a parked thread ends
/// only when none waits, so no body is ever left without a thread.
final class ParkingThreads: @unchecked Sendable {
    let parkedFor: Int
    let parkedLimit: Int
    // Guarded by `mutex`; `wake` is signalled once per handed body.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var handed: [Body] = []
    private var parked = 0

    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// What a new thread starts with: its first body and the pool it parks in.
    private final class Launch {
        let pool: ParkingThreads
        let body: Body
        init(pool: ParkingThreads, body: Body) { self.pool = pool; self.body = body }
    }

    init(parkedFor: Int, parkedLimit: Int) {
        self.parkedFor = parkedFor
        self.parkedLimit = parkedLimit
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        #if !canImport(Darwin)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        #endif
        pthread_cond_init(wake, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(wake)
        pthread_mutex_destroy(mutex)
        wake.deallocate()
        mutex.deallocate()
    }

    /// How many threads are parked now, waiting for a body.
    var parkedCount: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return parked
    }

    /// Starts `body` on a parked thread or a new one. Returns 0, or the `pthread_create` error.
    func start(_ body: @escaping @Sendable () -> Void) -> Int32 {
        let work = Body(body)
        pthread_mutex_lock(mutex)
        if parked > handed.count {
            handed.append(work)
            pthread_cond_signal(wake)
            pthread_mutex_unlock(mutex)
            return 0
        }
        pthread_mutex_unlock(mutex)
        return spawnThread(work)
    }

    private func spawnThread(_ work: Body) -> Int32 {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))

        let context = Unmanaged.passRetained(Launch(pool: self, body: work)).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t? = nil
        #else
        var thread = pthread_t()
        #endif
        let rc = pthread_create(&thread, &attributes, { context in
            ParkingThreads.enter(context)
            return nil
        }, context)
        if rc != 0 {
            Unmanaged<Launch>.fromOpaque(context).release()
        }
        return rc
    }

    private static func enter(_ context: UnsafeMutableRawPointer?) {
        guard let context else { return }
        let pool: ParkingThreads
        var body: Body?
        do {
            // Not kept: the launch would hold the first body (and what it captured) for the
            // thread's whole life.
            let launch = Unmanaged<Launch>.fromOpaque(context).takeRetainedValue()
            pool = launch.pool
            body = launch.body
        }
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        while let current = body {
            current.run()
            body = nil
            body = pool.park()
        }
    }

    /// Waits for the next body, or returns nil when the thread should end.
    private func park() -> Body? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard parked < parkedLimit else { return nil }
        parked += 1
        var deadline = timespec()
        #if canImport(Darwin)
        clock_gettime(CLOCK_REALTIME, &deadline)
        #else
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        #endif
        deadline.tv_sec += parkedFor
        while handed.isEmpty {
            if pthread_cond_timedwait(wake, mutex, &deadline) == ETIMEDOUT, handed.isEmpty {
                parked -= 1
                return nil
            }
        }
        parked -= 1
        return handed.removeFirst()
    }
}
