/// The Gantt chart's time axis: a round step giving 4 to 8 labels, and elapsed-time text.
struct GanttAxis: Equatable {
    /// Seconds between two ticks.
    var step: Double
    /// Intervals on the axis; there are `intervals + 1` labels, from 0 to `intervals * step`.
    var intervals: Int

    var end: Double { step * Double(intervals) }

    static let steps: [Double] = [
        1, 2, 5, 10, 15, 30,
        60, 120, 300, 600, 900, 1800,
        3600, 7200, 21600, 43200, 86400,
    ]
    static let maxIntervals = 7
    static let minIntervals = 3

    /// The smallest round step that covers `span` seconds in at most seven intervals. Adjacent
    /// steps differ at most threefold, so that step needs at least three intervals unless the span
    /// is tiny, in which case the axis is stretched to three: 4–8 labels either way.
    init(span: Double) {
        let span = span.isFinite ? max(span, 0) : 0
        let dayCount = (span / 86400 / Double(Self.maxIntervals)).rounded(.up)
        let step = Self.steps.first { span <= $0 * Double(Self.maxIntervals) } ?? dayCount * 86400
        self.step = step
        self.intervals = max(Self.minIntervals, Int((span / step).rounded(.up)))
    }

    /// A whole number of seconds as "0s", "45s", "1m30s", "2h", "1d6h".
    static func elapsed(_ seconds: Double) -> String {
        var left = Int(max(0, seconds).rounded())
        if left == 0 { return "0s" }
        var text = ""
        for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60), ("s", 1)] where left >= size {
            text += "\(left / size)\(unit)"
            left %= size
        }
        return text
    }

    /// A duration for a tooltip: tenths of a second below ten seconds ("2.5s"), else as `elapsed`.
    static func duration(_ seconds: Double) -> String {
        let seconds = seconds.isFinite ? max(0, seconds) : 0
        if seconds < 9.95 && (seconds * 10).rounded() != (seconds.rounded() * 10) {
            return ChartFormat.number(seconds) + "s"
        }
        return elapsed(seconds)
    }
}
