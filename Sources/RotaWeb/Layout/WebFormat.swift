import Foundation

/// How the UI writes times, durations and states: one place so every page reads the same.
/// Times are shown in UTC (the zone Rota schedules in unless a job says otherwise).
public enum WebFormat {
    public static func time(_ date: Date?) -> HTML {
        guard let date else { return "<span class=\"muted\">–</span>" }
        let iso = RFC3339Text.format(date)
        return "<time datetime=\"\(iso)\" title=\"\(iso)\">\(RFC3339Text.human(date))</time>"
    }

    /// "4s", "3m 2s", "2h 5m", "3d 4h"; sub-second as "0.42s".
    public static func duration(_ seconds: Double) -> String {
        if seconds < 0 { return "–" }
        if seconds < 10 { return String(format: "%.2fs", seconds) }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m \(s % 60)s" }
        if s < 86400 { return "\(s / 3600)h \(s % 3600 / 60)m" }
        return "\(s / 86400)d \(s % 86400 / 3600)h"
    }

    public static func duration(from start: Date?, to end: Date?, now: Date) -> String {
        guard let start else { return "–" }
        return duration((end ?? now).timeIntervalSince(start))
    }

    /// "3m ago", "in 5s".
    public static func relative(_ date: Date?, now: Date) -> String {
        guard let date else { return "never" }
        let delta = date.timeIntervalSince(now)
        let text = duration(abs(delta).rounded())
        return delta <= 0 ? "\(text) ago" : "in \(text)"
    }

    public static func badge(_ state: String, label: String? = nil) -> HTML {
        let shown = label ?? (state.isEmpty ? "none" : state)
        return "<span class=\"badge state-\(state)\">\(shown)</span>"
    }

    public static func square(_ state: String, title: String, href: String?) -> HTML {
        if let href { return "<a class=\"sq state-\(state)\" href=\"\(href)\" title=\"\(title)\"></a>" }
        return "<span class=\"sq state-\(state)\" title=\"\(title)\"></span>"
    }
}

/// RFC 3339 for `datetime` attributes and a shorter human form for the page.
enum RFC3339Text {
    static func format(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon)) 
    }

    static func human(_ date: Date) -> String {
        let c = Calendar.utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}

extension Calendar {
    static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()
}
