#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A freshly spawned child and the parent's ends of its pipes.
struct LaunchedChild: Sendable {
    /// The child's pid; also its session and process group id.
    let pid: pid_t
    /// Read end of the pipe carrying the child's merged stdout and stderr.
    let output: Int32
    /// Non-blocking write end of the child's stdin, or -1 when stdin is /dev/null.
    let stdin: Int32
}

/// Starts a child with `posix_spawn` in a new session, with stdout and stderr merged
/// into one pipe.
///
/// Why `posix_spawn` and not fork/exec: glibc implements it with `clone(CLONE_VM |
/// CLONE_VFORK)`, so no page tables are copied however large the scheduler grows;
/// it is what makes ~3,000 spawns per second possible. Why a new session: one
/// `kill(-pid, …)` then reaches every process the job started, which is how
/// timeouts and cancellation avoid leaving orphans behind.
enum ChildLauncher {
    static func launch(_ spec: ProcessSpec) throws(ProcessLaunchError) -> LaunchedChild {
        guard let name = spec.arguments.first else {
            throw ProcessLaunchError("no command given: the argument list is empty")
        }
        if let directory = spec.workingDirectory {
            try checkWorkingDirectory(directory)
        }
        let path = try ExecutableLookup.resolve(
            name, environment: spec.environment, workingDirectory: spec.workingDirectory)
        let environment = try environmentEntries(spec.environment)
        try CStringArray.validate(spec.arguments, what: "argument")
        try CStringArray.validate(environment, what: "environment variable")

        let output = try Posix.makePipe()
        var input: (read: Int32, write: Int32)? = nil
        if spec.stdin != nil {
            do {
                input = try Posix.makePipe()
            } catch {
                var (read, write) = output
                Posix.close(&read)
                Posix.close(&write)
                throw error
            }
        }

        var pid = pid_t()
        let rc = CStringArray.with(spec.arguments) { argv in
            CStringArray.with(environment) { envp in
                SpawnRequest(
                    path: path, workingDirectory: spec.workingDirectory,
                    stdinRead: input?.read, outputWrite: output.write
                ).spawn(pid: &pid, argv: argv, envp: envp)
            }
        }

        // The child holds its own copies now (or never started); the parent keeps
        // only the read end of the output and the write end of stdin.
        var outputWrite = output.write
        Posix.close(&outputWrite)
        var stdinRead = input?.read ?? -1
        Posix.close(&stdinRead)
        guard rc == 0 else {
            var outputRead = output.read
            Posix.close(&outputRead)
            var stdinWrite = input?.write ?? -1
            Posix.close(&stdinWrite)
            throw launchError(rc, name: name, path: path, workingDirectory: spec.workingDirectory)
        }
        if let input { Posix.setNonBlocking(input.write) }
        return LaunchedChild(pid: pid, output: output.read, stdin: input?.write ?? -1)
    }

    private static func environmentEntries(_ environment: [String: String]) throws(ProcessLaunchError) -> [String] {
        var entries: [String] = []
        entries.reserveCapacity(environment.count)
        for (key, value) in environment {
            // Byte search: `String.contains(String)` goes through NSString here (bench W1: 2 % of
            // Rota's CPU, on every spawn).
            if key.isEmpty || key.utf8.contains(UInt8(ascii: "=")) {
                throw ProcessLaunchError("invalid environment variable name: \(key.debugDescription)")
            }
            entries.append(key + "=" + value)
        }
        return entries
    }

    private static func checkWorkingDirectory(_ directory: String) throws(ProcessLaunchError) {
        var info = stat()
        if stat(directory, &info) != 0 {
            let code = errno
            let problem = code == ENOENT ? "does not exist" : "is not accessible"
            throw ProcessLaunchError(
                "working directory \(directory) \(problem) (\(Posix.errorText(code)))", errno: code)
        }
        if (info.st_mode & S_IFMT) != S_IFDIR {
            throw ProcessLaunchError(
                "working directory \(directory) is not a directory (\(Posix.errorText(ENOTDIR)))",
                errno: ENOTDIR)
        }
    }

    /// Turns a `posix_spawn` failure into a message naming the actual culprit. ENOENT
    /// and friends can come from the `chdir` step as well as from exec, so the
    /// directory is re-checked first (it may have vanished since the pre-check).
    private static func launchError(
        _ code: Int32, name: String, path: String, workingDirectory: String?
    ) -> ProcessLaunchError {
        if let workingDirectory, code == ENOENT || code == ENOTDIR || code == EACCES {
            do {
                try checkWorkingDirectory(workingDirectory)
            } catch {
                return error
            }
        }
        let reason = Posix.errorText(code)
        switch code {
        case ENOSYS where workingDirectory != nil:
            return ProcessLaunchError(
                "cannot set working directory \(workingDirectory!): this C library lacks "
                    + "posix_spawn_file_actions_addchdir_np (glibc 2.29+ needed)", errno: code)
        case ENOENT where !name.contains("/"):
            return ProcessLaunchError("command not found: \(name) (\(reason))", errno: code)
        case ENOENT:
            return ProcessLaunchError("no such file: \(path) (\(reason))", errno: code)
        case EACCES:
            return ProcessLaunchError("permission denied: \(path) (\(reason))", errno: code)
        default:
            return ProcessLaunchError("cannot start \(path): \(reason)", errno: code)
        }
    }
}
