import Foundation
import NIOCore
import Synchronization

/// An SMTP server on 127.0.0.1 that speaks just enough of the protocol to record what a client
/// sends: the envelope, AUTH credentials and the DATA lines exactly as they crossed the wire.
final class FakeSMTPServer: Sendable {
    /// One connection's transaction.
    struct Session: Sendable {
        var ehlo: String?
        var credentials: (mechanism: String, username: String, password: String)?
        var mailFrom: String?
        var recipients: [String] = []
        /// Lines between `DATA` and the final `.`, still dot-stuffed.
        var dataLines: [String] = []
        var completed = false
        var sawQuit = false
    }

    struct Options: Sendable {
        /// Mechanisms listed in the EHLO reply; empty lists no AUTH line.
        var authMechanisms = ["PLAIN", "LOGIN"]
        /// Whether the RCPT commands of the connection numbered `index` (0 first) get 550.
        var rejectRecipients: @Sendable (Int) -> Bool = { _ in false }
    }

    static let rejection = "550 5.1.1 Recipient address rejected: no such user here"

    private let options: Options
    private let sessions = Mutex<[Session]>([])
    private let server = Mutex<LoopbackServer?>(nil)

    private init(options: Options) {
        self.options = options
    }

    static func start(_ options: Options = Options()) async throws -> FakeSMTPServer {
        let recorder = FakeSMTPServer(options: options)
        let server = try await LoopbackServer.start { channel in
            let index = recorder.sessions.withLock { sessions in
                sessions.append(Session())
                return sessions.count - 1
            }
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(TestLineDecoder()))
            try channel.pipeline.syncOperations.addHandler(Handler(recorder: recorder, index: index))
        }
        recorder.server.withLock { $0 = server }
        return recorder
    }

    var port: Int { server.withLock { $0?.port ?? 0 } }
    /// Every connection, in order.
    var connections: [Session] { sessions.withLock { $0 } }
    /// The connections whose message was accepted.
    var messages: [Session] { connections.filter(\.completed) }

    func stop() async {
        await server.withLock { $0 }?.stop()
    }

    fileprivate func update(_ index: Int, _ change: (inout Session) -> Void) {
        sessions.withLock { change(&$0[index]) }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = String
        typealias OutboundOut = ByteBuffer

        private enum Mode { case command, data, authLoginUser, authLoginPassword(String) }

        private let recorder: FakeSMTPServer
        private let index: Int
        private var mode = Mode.command

        init(recorder: FakeSMTPServer, index: Int) {
            self.recorder = recorder
            self.index = index
        }

        func channelActive(context: ChannelHandlerContext) {
            send(context, "220-127.0.0.1 fake SMTP for Rota tests", "220 ready")
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let line = unwrapInboundIn(data)
            switch mode {
            case .data:
                if line == "." {
                    mode = .command
                    recorder.update(index) { $0.completed = true }
                    send(context, "250 2.0.0 queued")
                } else {
                    recorder.update(index) { $0.dataLines.append(line) }
                }
            case .authLoginUser:
                mode = .authLoginPassword(Self.decode(line))
                send(context, "334 UGFzc3dvcmQ6")
            case .authLoginPassword(let username):
                mode = .command
                recorder.update(index) { $0.credentials = ("LOGIN", username, Self.decode(line)) }
                send(context, "235 2.7.0 authenticated")
            case .command:
                command(line, context: context)
            }
        }

        private func command(_ line: String, context: ChannelHandlerContext) {
            let verb = line.split(separator: " ").first.map { $0.uppercased() } ?? ""
            let argument = line.split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
            switch verb {
            case "EHLO":
                recorder.update(index) { $0.ehlo = argument }
                var lines = ["250-127.0.0.1 greets \(argument)", "250-8BITMIME"]
                if !recorder.options.authMechanisms.isEmpty {
                    lines.append("250-AUTH \(recorder.options.authMechanisms.joined(separator: " "))")
                }
                lines.append("250 SIZE 1000000")
                send(context, lines)
            case "AUTH":
                let words = argument.split(separator: " ").map(String.init)
                if words.first?.uppercased() == "PLAIN", words.count == 2 {
                    let parts = Self.decode(words[1]).split(separator: "\0", omittingEmptySubsequences: false)
                    if parts.count == 3 {
                        recorder.update(index) { $0.credentials = ("PLAIN", String(parts[1]), String(parts[2])) }
                        send(context, "235 2.7.0 authenticated")
                    } else {
                        send(context, "501 5.5.2 malformed AUTH PLAIN")
                    }
                } else if words.first?.uppercased() == "LOGIN" {
                    mode = .authLoginUser
                    send(context, "334 VXNlcm5hbWU6")
                } else {
                    send(context, "504 5.5.4 mechanism not supported")
                }
            case "MAIL":
                recorder.update(index) { $0.mailFrom = Self.angleAddress(argument) }
                send(context, "250 2.1.0 sender ok")
            case "RCPT":
                if recorder.options.rejectRecipients(index) {
                    send(context, FakeSMTPServer.rejection)
                } else {
                    recorder.update(index) { $0.recipients.append(Self.angleAddress(argument)) }
                    send(context, "250 2.1.5 recipient ok")
                }
            case "DATA":
                mode = .data
                send(context, "354 end data with <CR><LF>.<CR><LF>")
            case "RSET", "NOOP":
                send(context, "250 2.0.0 ok")
            case "QUIT":
                recorder.update(index) { $0.sawQuit = true }
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "221 2.0.0 bye\r\n")))
                    .whenComplete { _ in channel.close(promise: nil) }
            default:
                send(context, "500 5.5.1 command not recognized")
            }
        }

        private func send(_ context: ChannelHandlerContext, _ lines: String...) {
            send(context, lines)
        }

        private func send(_ context: ChannelHandlerContext, _ lines: [String]) {
            let text = lines.map { $0 + "\r\n" }.joined()
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
        }

        private static func decode(_ base64: String) -> String {
            Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) } ?? "<not base64>"
        }

        /// `FROM:<a@b>` or `TO:<a@b>` → `a@b`.
        private static func angleAddress(_ argument: String) -> String {
            guard let open = argument.firstIndex(of: "<"), let close = argument.lastIndex(of: ">") else { return argument }
            return String(argument[argument.index(after: open)..<close])
        }
    }
}

/// Splits received bytes into lines without their CRLF.
struct TestLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else { return .needMoreData }
        var line = buffer.readString(length: newline - buffer.readerIndex) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}
