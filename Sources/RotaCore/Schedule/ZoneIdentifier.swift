import Foundation

/// `TimeZone(identifier:)` for names that come from users.
///
/// Why: Foundation reads a name of 5 to 9 characters that starts with `GMT` or `UTC` as an offset
/// itself, and on Linux (swift-foundation, Swift 6.3) it traps on some malformed ones, such as
/// `UTC+01:T0` or `GMT+12:é5`, ending the whole process. Such names must match one of the forms
/// that parser documents (`GMT+H`, `GMT+HH`, `GMT+HHMM`, `GMT+H:MM`, `GMT+HH:MM`, `.` for `:`, `-`
/// for `+`, `UTC` for `GMT`) before they reach it; any other is simply not a zone.
public enum ZoneIdentifier {
    /// The zone named `identifier`, or nil when there is none.
    public static func timeZone(_ identifier: String) -> TimeZone? {
        guard !isMalformedOffset(identifier) else { return nil }
        return TimeZone(identifier: identifier)
    }

    /// True for names Foundation would parse as a GMT offset but that do not have an offset's form.
    static func isMalformedOffset(_ identifier: String) -> Bool {
        // The same Character-level tests Foundation makes before parsing an offset.
        guard (5...9).contains(identifier.count), identifier.starts(with: "GMT") || identifier.starts(with: "UTC") else {
            return false
        }
        let rest = Array(identifier.utf8.dropFirst(3))
        guard rest.count == identifier.count - 3, rest[0] == UInt8(ascii: "+") || rest[0] == UInt8(ascii: "-") else {
            return true
        }
        // After the sign: H, HH, HHMM, H:MM or HH:MM, with `.` allowed for `:`.
        let shape = String(decoding: rest.dropFirst().map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(ascii: "d")
            case UInt8(ascii: ":"), UInt8(ascii: "."): UInt8(ascii: ":")
            default: UInt8(ascii: "?")
            }
        }, as: UTF8.self)
        return !["d", "dd", "dddd", "d:dd", "dd:dd"].contains(shape)
    }
}
