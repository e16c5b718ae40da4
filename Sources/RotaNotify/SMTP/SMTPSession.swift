import NIOCore

/// One SMTP conversation over an open connection: send a command line, read the reply.
///
/// Replies are read strictly one per command (no PIPELINING), which is all a handful of
/// notifications needs and keeps every failure attributable to the step that caused it.
struct SMTPSession: ~Copyable {
    private var lines: NIOAsyncChannelInboundStream<String>.AsyncIterator
    private let writer: NIOAsyncChannelOutboundWriter<ByteBuffer>

    init(inbound: NIOAsyncChannelInboundStream<String>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        lines = inbound.makeAsyncIterator()
        writer = outbound
    }

    /// Reads one whole (possibly multi-line) reply.
    mutating func readReply(during step: String) async throws -> SMTPReply {
        var parser = SMTPReply.Parser()
        while true {
            guard let line = try await lines.next() else { throw SMTPError.connectionClosed(step: step) }
            if let reply = try parser.feed(line) { return reply }
        }
    }

    /// Writes raw text; the caller supplies the CRLFs.
    func write(_ text: String) async throws {
        try await writer.write(ByteBuffer(string: text))
    }

    /// Sends `line` and returns the reply, whatever its code.
    mutating func command(_ line: String, step: String? = nil) async throws -> SMTPReply {
        try await write(line + "\r\n")
        return try await readReply(during: step ?? line)
    }

    /// Sends `line` and fails unless the reply code is one of `accepted`. `step` names the command
    /// in errors when the line itself must not be shown (credentials).
    @discardableResult
    mutating func expect(_ accepted: Set<Int>, from line: String, step: String? = nil) async throws -> SMTPReply {
        let reply = try await command(line, step: step)
        guard accepted.contains(reply.code) else {
            throw SMTPError.rejected(step: step ?? line, reply: reply)
        }
        return reply
    }
}
