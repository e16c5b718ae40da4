import Foundation

/// One task instance of a run as the Gantt view shows it.
///
/// Why its own type: the chart needs only when a task ran and how it ended, so the page maps its
/// records once and the chart stays a pure function of these values and `now`.
public struct GanttBar: Sendable, Equatable {
    public var taskId: String
    /// A task state name ("success", "running", …), or nil when unknown.
    public var state: String?
    /// Nil while the task has not started: it gets a row but no bar.
    public var start: Date?
    /// Nil while the task is still running: its bar reaches `now`.
    public var end: Date?
    /// Where a click on the row leads, if anywhere.
    public var href: String?

    public init(taskId: String, state: String? = nil, start: Date? = nil, end: Date? = nil, href: String? = nil) {
        self.taskId = taskId
        self.state = state
        self.start = start
        self.end = end
        self.href = href
    }
}

/// The Gantt view: one row per task of a run, bars on a shared time axis in SVG.
///
/// Why server-rendered SVG: it shows at a glance which task took the time and what ran in
/// parallel, works without JavaScript, and takes its colours from the same `state-*` classes as
/// the graph and the grid. Times are labelled as elapsed from the first start, which reads the
/// same in every time zone.
public enum GanttSVG {
    static let labelWidth = 200.0
    static let chartWidth = 640.0
    static let rightMargin = 28.0
    static let axisHeight = 24.0
    static let rowHeight = 24.0
    static let barHeight = 14.0
    static let margin = 8.0
    static let fontSize = 12.0
    static let labelCharacters = 26
    static let minimumBarWidth = 2.0

    /// The chart as one `<svg>` element; `now` ends the bars of running tasks, `label` is the
    /// accessible name.
    public static func render(bars: [GanttBar], now: Date, label: String = "Task durations") -> HTML {
        let width = labelWidth + chartWidth + rightMargin
        let height = bars.isEmpty ? 2 * margin : axisHeight + Double(bars.count) * rowHeight + margin
        var svg: HTML = """
            <svg xmlns="http://www.w3.org/2000/svg" class="gantt" role="img" aria-label="\(label)" \
            viewBox="0 0 \(ChartFormat.number(width)) \(ChartFormat.number(height))" \
            width="\(ChartFormat.number(width))" height="\(ChartFormat.number(height))">
            """
        if bars.isEmpty { return svg + "</svg>" }

        let rows = ordered(bars)
        let origin = rows.compactMap(\.start).min()
        var axis: GanttAxis?
        if let origin {
            let last = rows.compactMap { bar in bar.start.map { finish(bar, from: $0, now: now) } }.max() ?? origin
            axis = GanttAxis(span: last.timeIntervalSince(origin))
        }
        if let axis { svg += ticks(axis, bottom: height - margin) }
        svg += "<g class=\"gantt-rows\">"
        for (index, bar) in rows.enumerated() {
            let top = axisHeight + Double(index) * rowHeight
            var content = rowLabel(bar, centre: top + rowHeight / 2)
            if let origin, let axis, let start = bar.start {
                content += barRect(bar, start: start, origin: origin, axis: axis, now: now, top: top)
            }
            let linked: HTML = bar.href.map { "<a href=\"\($0)\">\(content)</a>" } ?? content
            svg += "<g class=\"gantt-row\">\(linked)</g>"
        }
        return svg + "</g></svg>"
    }

    /// By start, ties by task id then input order; rows without a start last, in input order.
    static func ordered(_ bars: [GanttBar]) -> [GanttBar] {
        bars.enumerated().sorted { lhs, rhs in
            switch (lhs.element.start, rhs.element.start) {
            case let (left?, right?):
                if left != right { return left < right }
                if lhs.element.taskId != rhs.element.taskId { return lhs.element.taskId < rhs.element.taskId }
                return lhs.offset < rhs.offset
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return lhs.offset < rhs.offset
            }
        }.map(\.element)
    }

    /// Where a bar stops: its end, or `now` while running; never before its start.
    static func finish(_ bar: GanttBar, from start: Date, now: Date) -> Date {
        max(start, bar.end ?? now)
    }

    static func x(_ seconds: Double, on axis: GanttAxis) -> Double {
        labelWidth + seconds / axis.end * chartWidth
    }

    static func ticks(_ axis: GanttAxis, bottom: Double) -> HTML {
        var html: HTML = "<g class=\"gantt-axis\">"
        for tick in 0...axis.intervals {
            let seconds = Double(tick) * axis.step
            let x = ChartFormat.number(x(seconds, on: axis))
            html += """
                <line class="gantt-grid" x1="\(x)" y1="\(ChartFormat.number(axisHeight - 4))" \
                x2="\(x)" y2="\(ChartFormat.number(bottom))"/>\
                <text class="gantt-tick" x="\(x)" y="\(ChartFormat.number(axisHeight - 8))" \
                text-anchor="middle" font-size="\(ChartFormat.number(fontSize - 1))">\(GanttAxis.elapsed(seconds))</text>
                """
        }
        return html + "</g>"
    }

    static func rowLabel(_ bar: GanttBar, centre: Double) -> HTML {
        """
        <text class="gantt-label" x="\(ChartFormat.number(labelWidth - 8))" y="\(ChartFormat.number(centre))" \
        text-anchor="end" dominant-baseline="central" font-size="\(ChartFormat.number(fontSize))">\
        <title>\(bar.taskId)</title>\(ChartFormat.truncated(bar.taskId, to: labelCharacters))</text>
        """
    }

    static func barRect(
        _ bar: GanttBar, start: Date, origin: Date, axis: GanttAxis, now: Date, top: Double
    ) -> HTML {
        let stop = finish(bar, from: start, now: now)
        let left = x(start.timeIntervalSince(origin), on: axis)
        let right = x(stop.timeIntervalSince(origin), on: axis)
        let stateClass = ChartFormat.stateClass(bar.state)
        let classes = bar.end == nil ? "gantt-bar gantt-open \(stateClass)" : "gantt-bar \(stateClass)"
        let fallbackFill: HTML = stateClass == "state-none" ? " fill=\"\(ChartFormat.noStateFill)\"" : ""
        let duration = GanttAxis.duration(stop.timeIntervalSince(start)) + (bar.end == nil ? " so far" : "")
        let title = bar.state.map { "\(bar.taskId) (\($0)): \(duration)" } ?? "\(bar.taskId): \(duration)"
        return """
            <rect class="\(classes)" x="\(ChartFormat.number(left))" \
            y="\(ChartFormat.number(top + (rowHeight - barHeight) / 2))" \
            width="\(ChartFormat.number(max(minimumBarWidth, right - left)))" \
            height="\(ChartFormat.number(barHeight))" rx="3" ry="3"\(fallbackFill)><title>\(title)</title></rect>
            """
    }
}
