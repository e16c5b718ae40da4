#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `posix_spawn` call with the attributes and file actions every job child gets.
///
/// Why these settings:
/// - a new session (`POSIX_SPAWN_SETSID`), so the child leads its own process group
///   and `kill(-pid, …)` reaches everything it starts;
/// - an empty signal mask and default dispositions for every signal, so a scheduler
///   that ignores SIGPIPE or blocks signals in some thread does not pass that on
///   (a shell pipeline like `yes | head` relies on SIGPIPE killing `yes`);
/// - stdin from the payload pipe or /dev/null, never the scheduler's own stdin;
/// - every descriptor above 2 closed, so the child cannot inherit another job's
///   pipe end (which would keep that job's output open past its exit).
struct SpawnRequest {
    let path: String
    let workingDirectory: String?
    let stdinRead: Int32?
    let outputWrite: Int32

    #if os(Linux)
    private typealias Attributes = posix_spawnattr_t
    private typealias FileActions = posix_spawn_file_actions_t
    #else
    private typealias Attributes = posix_spawnattr_t?
    private typealias FileActions = posix_spawn_file_actions_t?
    #endif

    /// Spawns the child; returns 0 or the errno-style error of `posix_spawn`.
    func spawn(
        pid: inout pid_t,
        argv: UnsafePointer<UnsafeMutablePointer<CChar>?>,
        envp: UnsafePointer<UnsafeMutablePointer<CChar>?>
    ) -> Int32 {
        #if os(Linux)
        var attributes = Attributes()
        var actions = FileActions()
        #else
        var attributes: Attributes = nil
        var actions: FileActions = nil
        #endif
        guard posix_spawnattr_init(&attributes) == 0 else { return ENOMEM }
        defer { posix_spawnattr_destroy(&attributes) }
        guard posix_spawn_file_actions_init(&actions) == 0 else { return ENOMEM }
        defer { posix_spawn_file_actions_destroy(&actions) }

        var rc = configureAttributes(&attributes)
        if rc == 0 { rc = configureFileActions(&actions) }
        guard rc == 0 else { return rc }
        return posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    }

    private func configureAttributes(_ attributes: inout Attributes) -> Int32 {
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        sigdelset(&allSignals, SIGKILL)
        sigdelset(&allSignals, SIGSTOP)

        var flags = Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)
        #if os(Linux)
        flags |= LibcExtensions.spawnSetSID
        #else
        flags |= Int32(POSIX_SPAWN_SETSID) | Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #endif
        var rc = posix_spawnattr_setsigmask(&attributes, &noSignals)
        if rc == 0 { rc = posix_spawnattr_setsigdefault(&attributes, &allSignals) }
        if rc == 0 { rc = posix_spawnattr_setflags(&attributes, Int16(flags)) }
        return rc
    }

    private func configureFileActions(_ actions: inout FileActions) -> Int32 {
        var rc: Int32 = 0
        if let workingDirectory {
            #if os(Linux)
            guard let addChdir = LibcExtensions.addChdir else { return ENOSYS }
            rc = addChdir(&actions, workingDirectory)
            #else
            rc = posix_spawn_file_actions_addchdir_np(&actions, workingDirectory)
            #endif
            guard rc == 0 else { return rc }
        }
        if let stdinRead {
            rc = posix_spawn_file_actions_adddup2(&actions, stdinRead, STDIN_FILENO)
        } else {
            rc = posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        }
        if rc == 0 { rc = posix_spawn_file_actions_adddup2(&actions, outputWrite, STDOUT_FILENO) }
        if rc == 0 { rc = posix_spawn_file_actions_adddup2(&actions, outputWrite, STDERR_FILENO) }
        #if os(Linux)
        if rc == 0, let addCloseFrom = LibcExtensions.addCloseFrom {
            rc = addCloseFrom(&actions, STDERR_FILENO + 1)
        }
        #endif
        return rc
    }
}
