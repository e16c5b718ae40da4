/// A complete server reply: one code and the text of all its lines.
///
/// RFC 5321 §4.2: every line but the last has a `-` after the code (`250-PIPELINING`), the last
/// a space or nothing (`250 OK`). EHLO capabilities and many greetings are multi-line.
struct SMTPReply: Sendable, Equatable {
    let code: Int
    let lines: [String]

    var isPositiveCompletion: Bool { (200..<300).contains(code) }

    /// The reply as the server wrote it, on one line, for error messages.
    var text: String { "\(code) \(lines.joined(separator: " / "))" }

    /// Collects reply lines until the last one.
    struct Parser {
        private var code: Int?
        private var lines: [String] = []

        /// Returns the reply once `line` (without CRLF) is its last line.
        mutating func feed(_ line: String) throws(SMTPError) -> SMTPReply? {
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, bytes[0..<3].allSatisfy({ (0x30...0x39).contains($0) }),
                  let value = Int(String(decoding: bytes[0..<3], as: UTF8.self)) else {
                throw .protocolViolation("malformed reply line: \(line.prefix(200))")
            }
            if let code, code != value {
                throw .protocolViolation("reply code changed from \(code) to \(value) inside one reply")
            }
            code = value
            let separator = bytes.count > 3 ? bytes[3] : UInt8(ascii: " ")
            lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
            switch separator {
            case UInt8(ascii: "-"): return nil
            case UInt8(ascii: " "): return SMTPReply(code: value, lines: lines)
            default: throw .protocolViolation("malformed reply line: \(line.prefix(200))")
            }
        }
    }
}

/// Why an SMTP delivery failed, with the server's own words where it gave any.
enum SMTPError: Error, CustomStringConvertible {
    case rejected(step: String, reply: SMTPReply)
    case protocolViolation(String)
    case connectionClosed(step: String)
    case timedOut(Duration)
    case unsupported(String)

    var description: String {
        switch self {
        case let .rejected(step, reply): "SMTP server rejected \(step): \(reply.text)"
        case let .protocolViolation(text): "SMTP protocol error: \(text)"
        case let .connectionClosed(step): "SMTP server closed the connection during \(step)"
        case let .timedOut(limit): "SMTP conversation did not finish within \(limit)"
        case let .unsupported(text): text
        }
    }
}
