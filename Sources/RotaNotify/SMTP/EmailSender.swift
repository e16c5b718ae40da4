import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a notification and an email target into one SMTP transaction.
///
/// Every retry of a delivery reuses its `Message-ID`, so a relay or mail client that saw an
/// earlier attempt get through (the connection broke after the message was accepted) can tell
/// the copies apart.
struct EmailSender: Sendable {
    let settings: SMTPSettings?
    let group: any EventLoopGroup
    private let instance = UUID().uuidString.lowercased()
    private let clientName = Self.localHostName()

    init(settings: SMTPSettings?, group: any EventLoopGroup) {
        self.settings = settings
        self.group = group
    }

    func send(_ event: NotificationEvent, to target: EmailTarget, reference: UInt64) async throws(DeliveryFailure) {
        guard let settings else { throw .permanent("email notifications need SMTP settings; none are configured") }
        do {
            try settings.validate()
        } catch {
            throw .permanent("SMTP settings: \(error)")
        }
        guard let from = EmailAddress(settings.from) else { throw .permanent("SMTP from is not an email address") }
        guard !target.to.isEmpty else { throw .permanent("email target has no recipients") }
        var recipients: [EmailAddress] = []
        for text in target.to {
            guard let address = EmailAddress(text) else {
                throw .permanent("email recipient \"\(text.prefix(100))\" is not an email address")
            }
            recipients.append(address)
        }
        let message = EmailMessage(
            from: from, recipients: recipients,
            subject: EmailContent.subject(for: event, template: target.subject),
            body: EmailContent.body(for: event),
            messageID: "<rota.\(instance).\(reference)@\(from.domain)>")
        do {
            try await SMTPClient(settings: settings, group: group, clientName: clientName).send(message)
        } catch let error as SMTPError {
            if case .unsupported = error { throw .permanent(error.description) }
            throw .transient(error.description)
        } catch {
            throw .transient("SMTP connection to \(settings.host):\(settings.port) failed: \(error)")
        }
    }

    /// The name for EHLO: this host's name when it is a plausible domain, else `localhost`.
    static func localHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
        return allowed && !name.isEmpty ? name : "localhost"
    }
}
