/// A mailbox as written in settings: `ops@example.com` or `Ops Team <ops@example.com>`.
///
/// The envelope (`MAIL FROM`, `RCPT TO`) needs the bare address and the headers want what the
/// user wrote; parsing once keeps the two consistent. Anything with CR, LF or stray angle
/// brackets is refused, so a recipient list can never inject SMTP commands or headers.
struct EmailAddress: Sendable, Equatable {
    /// What goes between `<` and `>` in the envelope.
    let address: String
    /// What goes in the `From`/`To` header.
    let header: String

    init?(_ text: String) {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty, !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { return nil }
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let inner = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            guard Self.isBareAddress(inner) else { return nil }
            let name = trimmed[..<open].trimmingWhitespace()
            guard !name.contains("<"), !name.contains(">") else { return nil }
            address = inner
            header = name.isEmpty ? inner : "\(HeaderText.encodedWord(name)) <\(inner)>"
        } else {
            guard Self.isBareAddress(trimmed) else { return nil }
            address = trimmed
            header = trimmed
        }
    }

    /// One `@` with text on both sides and no spaces or brackets: deliberately loose, the relay
    /// is the authority on what it accepts.
    private static func isBareAddress(_ text: String) -> Bool {
        guard let at = text.lastIndex(of: "@"), at != text.startIndex,
              text.index(after: at) != text.endIndex else { return false }
        return !text.contains { $0 == " " || $0 == "<" || $0 == ">" || $0 == "\t" }
    }

    /// The part after `@`, for `Message-ID`.
    var domain: String {
        address.lastIndex(of: "@").map { String(address[address.index(after: $0)...]) } ?? "localhost"
    }
}

extension StringProtocol {
    /// Leading and trailing spaces and tabs removed, without needing Foundation's character sets.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
