/// A task of a workflow as the Graph view shows it.
///
/// Why its own type: the chart needs only these four facts, so any page (a workflow's
/// definition, one run's states) can feed it without the chart knowing storage records.
public struct GraphNode: Sendable, Equatable {
    public var id: String
    public var upstream: [String]
    /// A task state name ("success", "up_for_retry", …), or nil when no run is chosen.
    public var state: String?
    /// Where a click on the node leads, if anywhere.
    public var href: String?

    public init(id: String, upstream: [String] = [], state: String? = nil, href: String? = nil) {
        self.id = id
        self.upstream = upstream
        self.state = state
        self.href = href
    }
}

/// The Graph view: a workflow's tasks as a left-to-right DAG in SVG, coloured by state.
///
/// Why server-rendered SVG: the page works without JavaScript, scales with the browser, and
/// colours come from the stylesheet's `state-*` classes, so the graph, the grid and the badges
/// always agree on what a state looks like.
public enum GraphSVG {
    static let fontSize = 12.0
    /// A conservative average glyph width at `fontSize`, used to decide where to truncate.
    static let glyphWidth = 7.2
    static let textPadding = 10.0
    static let arrowId = "dag-arrow"

    /// The graph as one `<svg>` element; `label` is its accessible name. When ids repeat, the
    /// first node with that id is drawn, as in `DagLayout`.
    public static func render(nodes: [GraphNode], label: String = "Task graph") -> HTML {
        let layout = DagLayout.layout(nodes.map { (id: $0.id, upstream: $0.upstream) })
        var firstById: [String: GraphNode] = [:]
        for node in nodes where firstById[node.id] == nil { firstById[node.id] = node }

        let width = ChartFormat.number(layout.width)
        let height = ChartFormat.number(layout.height)
        var svg: HTML = """
            <svg xmlns="http://www.w3.org/2000/svg" class="dag-graph" role="img" aria-label="\(label)" \
            viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)">
            """
        if layout.nodes.isEmpty { return svg + "</svg>" }
        svg += """
            <defs><marker id="\(arrowId)" class="dag-arrow" viewBox="0 0 10 10" refX="9" refY="5" \
            markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z"/></marker></defs>
            """
        svg += "<g class=\"dag-edges\">"
        for edge in layout.edges { svg += self.edge(edge) }
        svg += "</g><g class=\"dag-nodes\">"
        for placed in layout.nodes {
            svg += node(placed, firstById[placed.id])
        }
        return svg + "</g></svg>"
    }

    /// A smooth path through the layout's points: each segment a cubic with horizontal tangents,
    /// so edges leave and enter boxes level and run straight through their slots.
    static func edge(_ edge: DagLayout.Edge) -> HTML {
        guard let first = edge.points.first else { return .empty }
        var path = "M\(ChartFormat.number(first.x)),\(ChartFormat.number(first.y))"
        var previous = first
        for point in edge.points.dropFirst() {
            if point.y == previous.y {
                path += "L\(ChartFormat.number(point.x)),\(ChartFormat.number(point.y))"
            } else {
                let middle = ChartFormat.number((previous.x + point.x) / 2)
                path += "C\(middle),\(ChartFormat.number(previous.y)) \(middle),\(ChartFormat.number(point.y))"
                    + " \(ChartFormat.number(point.x)),\(ChartFormat.number(point.y))"
            }
            previous = point
        }
        let kind = edge.closesCycle ? "dag-edge dag-edge-cycle" : "dag-edge"
        return """
            <path class="\(kind)" data-from="\(edge.from)" data-to="\(edge.to)" d="\(path)" \
            fill="none" marker-end="url(#\(arrowId))"/>
            """
    }

    static func node(_ placed: DagLayout.Node, _ source: GraphNode?) -> HTML {
        let stateClass = ChartFormat.stateClass(source?.state)
        let fallbackFill: HTML = stateClass == "state-none" ? " fill=\"\(ChartFormat.noStateFill)\"" : ""
        let limit = Int((placed.width - 2 * textPadding) / glyphWidth)
        let shown = ChartFormat.truncated(placed.id, to: limit)
        let tooltip = source?.state.map { "\(placed.id) (\($0))" } ?? placed.id
        let box: HTML = """
            <g class="dag-node \(stateClass)" data-task-id="\(placed.id)"><title>\(tooltip)</title>\
            <rect x="\(ChartFormat.number(placed.x))" y="\(ChartFormat.number(placed.y))" \
            width="\(ChartFormat.number(placed.width))" height="\(ChartFormat.number(placed.height))" \
            rx="6" ry="6"\(fallbackFill)/>\
            <text class="dag-label" x="\(ChartFormat.number(placed.x + placed.width / 2))" \
            y="\(ChartFormat.number(placed.y + placed.height / 2))" text-anchor="middle" \
            dominant-baseline="central" font-size="\(ChartFormat.number(fontSize))">\(shown)</text></g>
            """
        guard let href = source?.href else { return box }
        return "<a class=\"dag-link\" href=\"\(href)\">\(box)</a>"
    }
}
