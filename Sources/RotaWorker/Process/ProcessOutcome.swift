/// What happened to one child process, as far as a job run needs to know.
///
/// Why a flat value: executors turn it into an execution record (status, output,
/// exit code) and compare it in tests, so it is `Sendable` and `Equatable` and
/// carries no handles. Termination causes are separate flags instead of one enum
/// because they combine with the raw exit information: a timed-out shell that
/// traps `SIGTERM` and exits 0 is still `timedOut`, and the exit code is kept.
public struct ProcessOutcome: Sendable, Equatable {
    /// The exit code when the child exited normally; `nil` when a signal killed it.
    public var exitCode: Int32?
    /// The signal that killed the child, if any.
    public var signal: Int32?
    /// The run exceeded `ProcessSpec.timeout` and its process group was terminated.
    public var timedOut: Bool
    /// The awaiting task was cancelled (e.g. shutdown) and the process group was terminated.
    public var cancelled: Bool
    /// The kept tail of the merged stdout and stderr.
    public var output: [UInt8]
    /// How many earlier bytes were discarded to keep `output` within the limit (0 = complete).
    public var droppedBytes: Int
    /// The child's pid, which is also its process group and session id.
    /// 0 when nothing was spawned because the task was already cancelled.
    public var pid: Int32

    public init(
        exitCode: Int32?,
        signal: Int32?,
        timedOut: Bool = false,
        cancelled: Bool = false,
        output: [UInt8] = [],
        droppedBytes: Int = 0,
        pid: Int32
    ) {
        self.exitCode = exitCode
        self.signal = signal
        self.timedOut = timedOut
        self.cancelled = cancelled
        self.output = output
        self.droppedBytes = droppedBytes
        self.pid = pid
    }

    /// The command exited with status 0 on its own: not timed out, not cancelled.
    ///
    /// A child that handles the termination signal and exits 0 did not finish its
    /// work, so it does not count as a success.
    public var succeeded: Bool { exitCode == 0 && !timedOut && !cancelled }

    /// The kept output decoded as UTF-8, invalid sequences repaired.
    public var outputText: String { String(decoding: output, as: UTF8.self) }
}

/// A process could not be started at all (as opposed to starting and failing).
///
/// Why a separate error: a command that is missing or a working directory that does
/// not exist is a configuration problem the user must fix, so executors report it
/// verbatim instead of as an exit status. The message names the culprit and, where
/// the system gave one, the errno text.
public struct ProcessLaunchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A human-readable reason, e.g. "command not found: foo".
    public var message: String
    /// The errno behind the failure, when there was one.
    public var errno: Int32?

    public init(_ message: String, errno: Int32? = nil) {
        self.message = message
        self.errno = errno
    }

    public var description: String { message }
}
