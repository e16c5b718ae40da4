/// Small text helpers shared by the SVG charts: compact numbers, state classes and truncation.
enum ChartFormat {
    /// The one inline colour: a light fill for `state-none`, so a page without the stylesheet
    /// still shows stateless boxes as boxes rather than black shapes.
    static let noStateFill = "#eceef2"

    /// A coordinate with at most one decimal and no trailing ".0", so the SVG stays short and
    /// byte-for-byte stable across platforms.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((value * 10).rounded())
        let whole = tenths.magnitude / 10
        let fraction = tenths.magnitude % 10
        let sign = tenths < 0 ? "-" : ""
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    /// The CSS class for a task state: `state-<state>`, or `state-none` when there is none.
    /// Anything outside `[a-z0-9_-]` becomes `-`, so a state name can never break the attribute.
    static func stateClass(_ state: String?) -> String {
        guard let state, !state.isEmpty else { return "state-none" }
        var name = ""
        for scalar in state.lowercased().unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9", "_", "-": name.unicodeScalars.append(scalar)
            default: name += "-"
            }
        }
        return "state-" + name
    }

    /// The text cut to `limit` characters, the last one an ellipsis when anything was cut.
    static func truncated(_ text: String, to limit: Int) -> String {
        guard limit > 0 else { return "" }
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }
}
