#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Watches one child from its own thread until it is reaped and its output drained:
/// reads output, feeds stdin, enforces the timeout and reaps.
///
/// Why one blocking loop per child instead of event sources: the loop is short,
/// needs no shared reactor, and every state change (output, exit, deadline) is
/// observed in one place, which makes the ordering rules easy to audit:
/// - exit is detected with `waitid(WNOWAIT)` on every wake-up and at least every
///   `idleCheck`, so a background grandchild holding the pipe cannot hide it;
/// - when the child exits normally it is reaped at once, then output is drained
///   until EOF or until `drainQuiet` passes without output (`drainLimit` at most);
/// - when it exits after a termination request, reaping waits for EOF or SIGKILL
///   time, so background jobs of the group get their grace period too.
struct ProcessSupervisor: ~Copyable {
    /// Largest single `read`; also the size of chunks passed to `onOutput`.
    static let readChunk = ProcessRunner.maximumChunkSize
    /// Longest sleep between exit checks while nothing else happens.
    static let idleCheck = Duration.milliseconds(100)
    /// After the child exits, stop draining once output has been quiet this long.
    static let drainQuiet = Duration.milliseconds(200)
    /// After the child exits, stop draining after this long in any case.
    static let drainLimit = Duration.seconds(2)

    private let control: ChildControl
    private let timeoutDeadline: ContinuousClock.Instant?
    private let onOutput: @Sendable ([UInt8]) -> Void
    private var outputFD: Int32
    private var stdinFD: Int32
    private let payload: [UInt8]
    private var payloadOffset = 0
    private var tail: TailBuffer
    private let readBuffer: UnsafeMutableBufferPointer<UInt8>
    private var lastOutputAt = ContinuousClock.now

    init(
        child: LaunchedChild,
        control: ChildControl,
        spec: ProcessSpec,
        timeoutDeadline: ContinuousClock.Instant?,
        onOutput: @escaping @Sendable ([UInt8]) -> Void
    ) {
        self.control = control
        self.timeoutDeadline = timeoutDeadline
        self.onOutput = onOutput
        self.outputFD = child.output
        self.stdinFD = child.stdin
        self.payload = spec.stdin ?? []
        self.tail = TailBuffer(limit: spec.outputLimit)
        self.readBuffer = .allocate(capacity: Self.readChunk)
    }

    deinit {
        var output = outputFD, stdin = stdinFD
        Posix.close(&output)
        Posix.close(&stdin)
        readBuffer.deallocate()
    }

    /// Runs until the child is reaped and its output drained; returns the outcome.
    mutating func run() -> ProcessOutcome {
        if payload.isEmpty { Posix.close(&stdinFD) }
        var waitStatus: Int32? = nil
        var reapedAt: ContinuousClock.Instant? = nil
        var exitBackoff = Duration.microseconds(50)

        while true {
            let now = ContinuousClock.now
            if reapedAt == nil {
                let exited = control.hasExited()
                if !exited, let deadline = timeoutDeadline, now >= deadline {
                    control.terminate(.timedOut)
                }
                control.escalateIfDue(now: now)
                if exited {
                    Posix.close(&stdinFD)
                    if readyToReap(now: now) {
                        waitStatus = control.reap()
                        reapedAt = now
                        lastOutputAt = now
                    }
                }
            }
            if let reapedAt {
                if outputFD < 0 { break }
                if now - lastOutputAt >= Self.drainQuiet || now - reapedAt >= Self.drainLimit { break }
            }

            let wait = nextWait(now: now, reapedAt: reapedAt)
            if outputFD < 0 && stdinFD < 0 {
                // The child closed its output but runs on: nothing to poll, so back
                // off from a few microseconds (usually it is just exiting) upwards.
                Posix.sleep(min(wait, exitBackoff))
                exitBackoff = min(exitBackoff * 2, Self.idleCheck)
            } else {
                pollOnce(timeout: wait)
            }
        }

        Posix.close(&outputFD)
        let (exitCode, signal) = waitStatus.map(Posix.decodeWaitStatus) ?? (nil, nil)
        let reason = control.reason
        return ProcessOutcome(
            exitCode: exitCode,
            signal: signal,
            timedOut: reason == .timedOut,
            cancelled: reason == .cancelled,
            output: tail.bytes,
            droppedBytes: tail.droppedBytes,
            pid: control.pid
        )
    }

    /// An exited child is reaped at once unless it is being terminated and its group
    /// may still be winding down: then wait for EOF on the output or for SIGKILL.
    private func readyToReap(now: ContinuousClock.Instant) -> Bool {
        guard control.reason != nil, outputFD >= 0 else { return true }
        return control.pendingKillDeadline == nil
    }

    private func nextWait(now: ContinuousClock.Instant, reapedAt: ContinuousClock.Instant?) -> Duration {
        var wait = Self.idleCheck
        if let reapedAt {
            wait = min(wait, lastOutputAt + Self.drainQuiet - now, reapedAt + Self.drainLimit - now)
        } else {
            if control.reason == nil, let deadline = timeoutDeadline {
                wait = min(wait, deadline - now)
            }
            if let killDeadline = control.pendingKillDeadline {
                wait = min(wait, killDeadline - now)
            }
        }
        return max(wait, .zero)
    }

    private mutating func pollOnce(timeout: Duration) {
        var descriptors = (
            pollfd(fd: outputFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0)
        )
        // poll ignores entries with a negative fd, so closed ends can stay in place.
        let ready = withUnsafeMutableBytes(of: &descriptors) { raw in
            poll(raw.baseAddress!.assumingMemoryBound(to: pollfd.self), 2, Posix.pollTimeout(timeout))
        }
        guard ready > 0 else { return }
        if descriptors.0.revents != 0 { readOutput() }
        if descriptors.1.revents != 0 { writeStdin() }
    }

    private mutating func readOutput() {
        let count = read(outputFD, readBuffer.baseAddress, readBuffer.count)
        if count > 0 {
            let chunk = UnsafeBufferPointer(rebasing: readBuffer[..<count])
            tail.append(contentsOf: chunk)
            onOutput(Array(chunk))
            lastOutputAt = .now
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
            Posix.close(&outputFD)
        }
    }

    private mutating func writeStdin() {
        let remaining = payload.count - payloadOffset
        let written = payload.withUnsafeBytes { bytes in
            write(stdinFD, bytes.baseAddress! + payloadOffset, min(remaining, Self.readChunk))
        }
        if written > 0 {
            payloadOffset += written
            if payloadOffset == payload.count { Posix.close(&stdinFD) }
        } else if written == 0 || (errno != EINTR && errno != EAGAIN) {
            // EPIPE: the child stopped reading; the rest of the payload is moot.
            Posix.close(&stdinFD)
        }
    }
}
