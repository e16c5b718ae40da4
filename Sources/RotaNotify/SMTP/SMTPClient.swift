import Foundation
import NIOCore
import NIOPosix

/// Sends one message through the configured relay: connect, EHLO, AUTH, MAIL, RCPT, DATA, QUIT.
///
/// Built on SwiftNIO so waiting on a slow relay costs no thread, neither one of Swift's
/// cooperative pool nor a dedicated one. The whole conversation is bounded by
/// `SMTPSettings.timeout`: a timer on the event loop closes the connection, which ends any
/// pending read. Cancelling the calling task closes it the same way.
struct SMTPClient: Sendable {
    let settings: SMTPSettings
    let group: any EventLoopGroup
    /// The name sent with EHLO.
    let clientName: String

    func send(_ message: EmailMessage) async throws {
        let deadline = NIODeadline.now() + settings.timeout.timeAmount
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(settings.timeout.timeAmount)
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let timer = channel.channel.eventLoop.scheduleTask(deadline: deadline) {
            channel.channel.close(promise: nil)
        }
        defer { timer.cancel() }
        do {
            try await withTaskCancellationHandler {
                try await channel.executeThenClose { inbound, outbound in
                    var session = SMTPSession(inbound: inbound, outbound: outbound)
                    try await converse(&session, message: message)
                }
            } onCancel: {
                channel.channel.close(promise: nil)
            }
        } catch {
            if NIODeadline.now() >= deadline { throw SMTPError.timedOut(settings.timeout) }
            throw error
        }
    }

    private func converse(_ session: inout SMTPSession, message: EmailMessage) async throws {
        let greeting = try await session.readReply(during: "greeting")
        guard greeting.code == 220 else { throw SMTPError.rejected(step: "greeting", reply: greeting) }

        var hello = try await session.command("EHLO \(clientName)")
        if !hello.isPositiveCompletion {
            // A server from before ESMTP: plain HELO, no AUTH.
            hello = try await session.expect([250], from: "HELO \(clientName)")
        }
        if let username = settings.username {
            try await authenticate(&session, username: username, password: settings.password ?? "",
                                   capabilities: SMTPCapabilities(ehloReply: hello))
        }
        try await session.expect([250], from: "MAIL FROM:<\(message.from.address)>")
        for recipient in message.recipients {
            try await session.expect([250, 251], from: "RCPT TO:<\(recipient.address)>")
        }
        try await session.expect([354], from: "DATA")
        try await session.write(message.dataSection())
        let accepted = try await session.readReply(during: "DATA (message body)")
        guard accepted.code == 250 else { throw SMTPError.rejected(step: "the message", reply: accepted) }
        // The message is accepted: a failed QUIT must not turn it into a failure (and a resend).
        _ = try? await session.command("QUIT")
    }

    /// AUTH PLAIN (RFC 4616) when offered or when the server lists no mechanisms, else AUTH LOGIN.
    private func authenticate(_ session: inout SMTPSession, username: String, password: String,
                              capabilities: SMTPCapabilities) async throws {
        let mechanisms = capabilities.authMechanisms
        if mechanisms.isEmpty || mechanisms.contains("PLAIN") {
            let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            try await session.expect([235], from: "AUTH PLAIN \(token)", step: "AUTH PLAIN")
        } else if mechanisms.contains("LOGIN") {
            try await session.expect([334], from: "AUTH LOGIN")
            try await session.expect([334], from: Data(username.utf8).base64EncodedString(),
                                     step: "AUTH LOGIN (username)")
            try await session.expect([235], from: Data(password.utf8).base64EncodedString(),
                                     step: "AUTH LOGIN (password)")
        } else {
            throw SMTPError.unsupported(
                "SMTP server offers AUTH \(mechanisms.sorted().joined(separator: " ")); Rota supports PLAIN and LOGIN")
        }
    }
}

/// What the EHLO reply says the server can do; only AUTH matters to Rota.
struct SMTPCapabilities {
    let authMechanisms: Set<String>

    init(ehloReply: SMTPReply) {
        var mechanisms = Set<String>()
        for line in ehloReply.lines.dropFirst() {
            let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" })
            if words.first == "AUTH" { mechanisms.formUnion(words.dropFirst().map(String.init)) }
        }
        authMechanisms = mechanisms
    }
}

extension Duration {
    /// The same span as NIO's `TimeAmount`, saturating instead of overflowing.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        let (nanos, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .nanoseconds(seconds < 0 ? .min : .max) }
        return .nanoseconds(nanos.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue)
    }
}
