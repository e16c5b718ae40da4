import Foundation
import Testing
import RotaNotify

/// Email delivery through a fake SMTP server on 127.0.0.1.
@Suite struct EmailDeliveryTests {
    /// Splits recorded DATA lines into unfolded headers and the body lines, undoing dot-stuffing.
    private func parse(_ session: FakeSMTPServer.Session) -> (headers: [String: String], body: [String]) {
        var headers: [String: String] = [:]
        var lastName: String?
        var lines = session.dataLines.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }[...]
        while let line = lines.popFirst(), !line.isEmpty {
            if line.hasPrefix(" "), let name = lastName {
                headers[name, default: ""] += line.dropFirst()
            } else if let colon = line.firstIndex(of: ":") {
                let name = String(line[..<colon])
                headers[name] = String(line[line.index(after: colon)...].drop { $0 == " " })
                lastName = name
            }
        }
        return (headers, Array(lines))
    }

    /// Decodes an RFC 2047 `=?utf-8?B?…?=` header made of one or more words.
    private func decodeWords(_ header: String) -> String {
        header.split(separator: " ").map { word in
            guard word.hasPrefix("=?utf-8?B?"), word.hasSuffix("?=") else { return String(word) }
            let base64 = word.dropFirst("=?utf-8?B?".count).dropLast(2)
            return Data(base64Encoded: String(base64)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
        }.joined()
    }

    /// Each email target is one message to all its recipients, with the standard headers and QUIT.
    @Test func sendsOneMessagePerTarget() async throws {
        let server = try await FakeSMTPServer.start()
        try await Fixtures.withNotifier(smtp: Fixtures.smtp(port: server.port)) { harness in
            harness.notifier.send(Fixtures.failure(), webhooks: [], emails: [
                EmailTarget(to: ["a@example.com", "Bee <b@example.com>"]),
                EmailTarget(to: ["c@example.com"]),
            ])
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
            #expect(harness.notifier.delivered == 2)
        }
        let messages = server.messages.sorted { $0.recipients.count > $1.recipients.count }
        try #require(messages.count == 2)
        #expect(messages.map(\.recipients) == [["a@example.com", "b@example.com"], ["c@example.com"]])
        #expect(messages.allSatisfy { $0.mailFrom == "rota@example.com" && $0.sawQuit && $0.ehlo?.isEmpty == false })

        let (headers, body) = parse(messages[0])
        #expect(headers["From"] == "Rota <rota@example.com>")
        #expect(headers["To"] == "a@example.com, Bee <b@example.com>")
        #expect(headers["Subject"] == "[rota] nightly-backup dump failure")
        #expect(headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(headers["MIME-Version"] == "1.0")
        let date = try #require(headers["Date"])
        #expect(date.wholeMatch(of: /(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000/) != nil)
        let messageID = try #require(headers["Message-ID"])
        #expect(messageID.wholeMatch(of: /<[^<>@\s]+@example\.com>/) != nil)
        #expect(parse(messages[1]).headers["Message-ID"] != messageID)
        #expect(body.contains("Workflow:     nightly-backup"))
        #expect(body.contains("exit status 3"))
    }

    /// Lines starting with a dot are doubled on the wire and arrive intact.
    @Test func dotStuffsLinesStartingWithADot() async throws {
        let server = try await FakeSMTPServer.start()
        let message = ".hidden\n..double\n.\nlast line"
        try await Fixtures.withNotifier(smtp: Fixtures.smtp(port: server.port)) { harness in
            harness.notifier.send(Fixtures.failure(message: message), webhooks: [],
                                  emails: [EmailTarget(to: ["ops@example.com"])])
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
        }
        let session = try #require(server.messages.first)
        #expect(session.dataLines.contains("..hidden"))
        #expect(session.dataLines.contains("...double"))
        #expect(session.dataLines.contains(".."))
        let body = parse(session).body.joined(separator: "\n")
        #expect(body.contains(message))
    }

    /// With a username, the client authenticates with AUTH PLAIN before the envelope.
    @Test func authenticatesWithPlain() async throws {
        let server = try await FakeSMTPServer.start()
        let smtp = Fixtures.smtp(port: server.port, username: "rota", password: "s3cret pass")
        try await Fixtures.withNotifier(smtp: smtp) { harness in
            harness.notifier.send(Fixtures.failure(), webhooks: [], emails: [EmailTarget(to: ["ops@example.com"])])
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
            #expect(harness.notifier.delivered == 1)
        }
        let session = try #require(server.messages.first)
        #expect(session.credentials?.mechanism == "PLAIN")
        #expect(session.credentials?.username == "rota")
        #expect(session.credentials?.password == "s3cret pass")
    }

    /// A server offering only AUTH LOGIN gets the username and password in that exchange.
    @Test func authenticatesWithLoginWhenPlainIsNotOffered() async throws {
        let server = try await FakeSMTPServer.start(.init(authMechanisms: ["LOGIN"]))
        let smtp = Fixtures.smtp(port: server.port, username: "rota", password: "pw")
        try await Fixtures.withNotifier(smtp: smtp) { harness in
            harness.notifier.send(Fixtures.failure(), webhooks: [], emails: [EmailTarget(to: ["ops@example.com"])])
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
            #expect(harness.notifier.delivered == 1)
        }
        let session = try #require(server.messages.first)
        #expect(session.credentials?.mechanism == "LOGIN")
        #expect(session.credentials?.username == "rota")
        #expect(session.credentials?.password == "pw")
    }

    /// A 550 is logged with the server's text and the message is retried, then delivered.
    @Test func rejectionIsReportedAndRetried() async throws {
        let server = try await FakeSMTPServer.start(.init(rejectRecipients: { $0 == 0 }))
        try await Fixtures.withNotifier(smtp: Fixtures.smtp(port: server.port)) { harness in
            harness.notifier.send(Fixtures.failure(), webhooks: [], emails: [EmailTarget(to: ["ops@example.com"])])
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
            #expect(harness.notifier.delivered == 1)
            let warning = try #require(harness.log.entries.first { $0.level == .warning })
            #expect(warning.metadata["rota.error"]?.contains(FakeSMTPServer.rejection) == true)
            #expect(warning.metadata["rota.error"]?.contains("RCPT TO:<ops@example.com>") == true)
            #expect(warning.metadata["rota.notify.target"] == "email ops@example.com")
            #expect(warning.metadata["rota.notify.attempt"] == "1")
        }
        #expect(server.connections.count == 2)
        #expect(server.messages.count == 1)
    }

    /// A server that keeps rejecting makes the delivery fail after maxAttempts, logged as an error.
    @Test func persistentRejectionFails() async throws {
        let server = try await FakeSMTPServer.start(.init(rejectRecipients: { _ in true }))
        try await Fixtures.withNotifier(smtp: Fixtures.smtp(port: server.port), maxAttempts: 2) { harness in
            harness.notifier.send(Fixtures.failure(), webhooks: [], emails: [EmailTarget(to: ["ops@example.com"])])
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
            #expect(harness.notifier.failed == 1)
            let error = try #require(harness.log.entries.first { $0.level == .error })
            #expect(error.metadata["rota.error"]?.contains("550") == true)
        }
        #expect(server.connections.count == 2)
        #expect(server.messages.isEmpty)
    }

    /// A server that accepts the connection but never greets is given up on at the SMTP timeout.
    @Test func silentServerTimesOut() async throws {
        let silent = try await LoopbackServer.start { _ in }
        var smtp = Fixtures.smtp(port: silent.port)
        smtp.timeout = .seconds(1)
        try await Fixtures.withNotifier(smtp: smtp, maxAttempts: 2) { harness in
            harness.notifier.send(Fixtures.failure(), webhooks: [], emails: [EmailTarget(to: ["ops@example.com"])])
            #expect(await harness.notifier.drain(timeout: .seconds(60)))
            #expect(harness.notifier.failed == 1)
            let error = try #require(harness.log.entries.first { $0.level == .error })
            #expect(error.metadata["rota.error"]?.contains("did not finish within") == true)
        }
        await silent.stop()
    }

    /// STARTTLS is refused by validate() and such deliveries fail at once, without contacting the server.
    @Test func startTLSIsRejected() async throws {
        let server = try await FakeSMTPServer.start()
        var smtp = Fixtures.smtp(port: server.port)
        smtp.startTLS = true
        #expect(throws: SMTPSettings.ValidationError.self) { try smtp.validate() }
        try await Fixtures.withNotifier(smtp: smtp) { harness in
            harness.notifier.send(Fixtures.failure(), webhooks: [], emails: [EmailTarget(to: ["ops@example.com"])])
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
            #expect(harness.notifier.failed == 1)
            #expect(harness.log.entries.contains { $0.metadata["rota.error"]?.contains("STARTTLS") == true })
        }
        #expect(server.connections.isEmpty)
    }

    /// Email targets without SMTP settings, or with a malformed recipient, fail once without retries.
    @Test func misconfigurationFailsWithoutRetry() async throws {
        try await Fixtures.withNotifier(smtp: nil) { harness in
            harness.notifier.send(Fixtures.failure(), webhooks: [], emails: [EmailTarget(to: ["ops@example.com"])])
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
            #expect(harness.notifier.failed == 1)
        }
        let server = try await FakeSMTPServer.start()
        try await Fixtures.withNotifier(smtp: Fixtures.smtp(port: server.port)) { harness in
            harness.notifier.send(Fixtures.failure(), webhooks: [],
                                  emails: [EmailTarget(to: ["ops@example.com\r\nRCPT TO:<x@evil>"])])
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
            #expect(harness.notifier.failed == 1)
            #expect(harness.log.entries.filter { $0.level == .warning }.isEmpty)
        }
        #expect(server.connections.isEmpty)
    }

    /// A custom, non-ASCII subject is rendered and RFC 2047 encoded; a non-ASCII body is sent as base64.
    @Test func nonASCIITextIsEncoded() async throws {
        let server = try await FakeSMTPServer.start()
        try await Fixtures.withNotifier(smtp: Fixtures.smtp(port: server.port)) { harness in
            harness.notifier.send(Fixtures.failure(message: "Überlauf: 100 % ✗"), webhooks: [], emails: [
                EmailTarget(to: ["ops@example.com"], subject: "{{ workflow }} ✗ {{ state }}"),
            ])
            #expect(await harness.notifier.drain(timeout: .seconds(30)))
        }
        let (headers, body) = parse(try #require(server.messages.first))
        let subject = try #require(headers["Subject"])
        #expect(subject.hasPrefix("=?utf-8?B?"))
        #expect(decodeWords(subject) == "nightly-backup ✗ failed")
        #expect(headers["Content-Transfer-Encoding"] == "base64")
        let decoded = Data(base64Encoded: body.joined()).map { String(decoding: $0, as: UTF8.self) }
        #expect(decoded?.contains("Überlauf: 100 % ✗") == true)
        #expect(body.allSatisfy { $0.count <= 76 })
    }
}
