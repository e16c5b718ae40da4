import Foundation

/// One notification email, as the exact bytes sent after `DATA`.
///
/// Kept apart from the SMTP conversation so the message format (headers, transfer encoding,
/// dot-stuffing) is one readable unit. The body is plain text; it is sent as 7bit when it is
/// ASCII with lines under the 998-octet limit, and as base64 otherwise, so no server needs
/// 8BITMIME or SMTPUTF8.
struct EmailMessage: Sendable {
    let from: EmailAddress
    let recipients: [EmailAddress]
    let subject: String
    let body: String
    let date: Date
    let messageID: String

    init(from: EmailAddress, recipients: [EmailAddress], subject: String, body: String,
         date: Date = Date(), messageID: String? = nil) {
        self.from = from
        self.recipients = recipients
        self.subject = subject
        self.body = body
        self.date = date
        self.messageID = messageID ?? "<\(UUID().uuidString.lowercased())@\(from.domain)>"
    }

    /// Headers and body with CRLF line ends, dot-stuffed, ending with the `.` line.
    func dataSection() -> String {
        var lines = [
            "From: \(from.header)",
            "To: \(recipients.map(\.header).joined(separator: ", "))",
            "Subject: \(HeaderText.encodedWord(subject))",
            "Date: \(HeaderText.rfc5322Date(date))",
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
        ]
        let bodyLines = Self.lines(of: body)
        let plain = body.unicodeScalars.allSatisfy(\.isASCII) && bodyLines.allSatisfy { $0.utf8.count <= 998 }
        if plain {
            lines.append("Content-Transfer-Encoding: 7bit")
            lines.append("")
            lines.append(contentsOf: bodyLines)
        } else {
            lines.append("Content-Transfer-Encoding: base64")
            lines.append("")
            lines.append(contentsOf: Self.wrap(Data(body.utf8).base64EncodedString(), width: 76))
        }
        return lines.map(Self.dotStuffed).joined(separator: "\r\n") + "\r\n.\r\n"
    }

    /// RFC 5321 §4.5.2: a line starting with `.` gets one more, so a lone `.` in the text cannot
    /// end the message early; the server removes it.
    static func dotStuffed(_ line: String) -> String {
        line.hasPrefix(".") ? "." + line : line
    }

    /// Splits on CRLF, CR or LF, so the wire always carries CRLF and never a bare CR or LF.
    static func lines(of text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
    }

    private static func wrap(_ text: String, width: Int) -> [String] {
        var result: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let end = text.index(index, offsetBy: width, limitedBy: text.endIndex) ?? text.endIndex
            result.append(String(text[index..<end]))
            index = end
        }
        return result
    }
}
