import Foundation

/// Header values that are safe to put on the wire.
///
/// A subject comes from workflow names and templates, which may hold line breaks (header
/// injection) or non-ASCII text (not allowed raw in headers without SMTPUTF8). Line breaks
/// become spaces; non-ASCII text becomes RFC 2047 `=?utf-8?B?…?=` words, each short enough for
/// the 78-column line limit, folded onto continuation lines.
enum HeaderText {
    static func encodedWord(_ text: String) -> String {
        let flat = String(text.map { $0.isNewline ? " " : $0 })
        guard flat.unicodeScalars.contains(where: { !$0.isASCII }) else { return flat }
        var words: [String] = []
        var chunk = ""
        for character in flat {
            // 45 bytes of UTF-8 encode to 60 base64 characters: 72 with the `=?utf-8?B?` frame.
            if chunk.utf8.count + String(character).utf8.count > 45 {
                words.append(word(chunk))
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func word(_ chunk: String) -> String {
        "=?utf-8?B?\(Data(chunk.utf8).base64EncodedString())?="
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// RFC 5322 `Date`, always in UTC (`Tue, 02 Jan 2024 15:04:05 +0000`). Built by hand because
    /// the names must be English whatever the process locale is.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        func two(_ value: Int?) -> String {
            let v = value ?? 0
            return v < 10 ? "0\(v)" : "\(v)"
        }
        return "\(weekdays[(c.weekday ?? 1) - 1]), \(two(c.day)) \(months[(c.month ?? 1) - 1]) "
            + "\(c.year ?? 1970) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}
