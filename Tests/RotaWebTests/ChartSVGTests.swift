import Foundation
import Testing
@testable import RotaWeb
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The elements of an SVG document in document order, or nil when it is not well-formed XML.
private final class SVGElements: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
        var ancestors: [String]
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []

    static func parse(_ html: HTML) -> [Element]? {
        let parser = XMLParser(data: Data(html.text.utf8))
        let collector = SVGElements()
        parser.delegate = collector
        return parser.parse() ? collector.elements : nil
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append(Element(name: name, attributes: attributes, ancestors: open.map { elements[$0].name }))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let last = open.last { elements[last].text += string }
    }
}

@Suite struct GraphSVGTests {
    @Test func taskIdsAreEscapedInTextTitlesAndAttributes() throws {
        let svg = GraphSVG.render(nodes: [
            GraphNode(id: "<x>&\"", state: "success"),
            GraphNode(id: "after", upstream: ["<x>&\""]),
        ])
        #expect(svg.text.contains("&lt;x&gt;&amp;&quot;"))
        #expect(!svg.text.contains("<x>"))
        let elements = try #require(SVGElements.parse(svg))
        #expect(elements.contains { $0.name == "text" && $0.text == "<x>&\"" })
        #expect(elements.contains { $0.name == "title" && $0.text == "<x>&\" (success)" })
        #expect(elements.contains { $0.name == "path" && $0.attributes["data-from"] == "<x>&\"" })
    }

    @Test func nodesCarryTheirStateClassLinkAndFallbackFillOnlyWhenStateless() throws {
        let svg = GraphSVG.render(nodes: [
            GraphNode(id: "done", state: "up_for_retry", href: "/ui/tasks/1?a=1&b=2"),
            GraphNode(id: "later", upstream: ["done"]),
        ])
        let elements = try #require(SVGElements.parse(svg))
        let groups = elements.filter { $0.name == "g" && $0.attributes["data-task-id"] != nil }
        #expect(groups.map { $0.attributes["class"] } == ["dag-node state-up_for_retry", "dag-node state-none"])
        #expect(groups[0].ancestors.last == "a")
        #expect(groups[1].ancestors.last != "a")
        #expect(elements.contains { $0.name == "a" && $0.attributes["href"] == "/ui/tasks/1?a=1&b=2" })
        let rects = elements.filter { $0.name == "rect" }
        #expect(rects[0].attributes["fill"] == nil)
        #expect(rects[1].attributes["fill"] == ChartFormat.noStateFill)
        let edges = elements.filter { $0.name == "path" && $0.attributes["class"] == "dag-edge" }
        #expect(edges.count == 1)
        #expect(edges[0].attributes["marker-end"] == "url(#dag-arrow)")
    }

    @Test func stateNamesCannotBreakOutOfTheClassAttribute() {
        #expect(ChartFormat.stateClass("x\" onload=\"y") == "state-x--onload--y")
        #expect(ChartFormat.stateClass(nil) == "state-none")
        #expect(ChartFormat.stateClass("") == "state-none")
    }

    @Test func longIdsAreTruncatedWithAnEllipsisAndKeptWholeInTheTitle() throws {
        let id = "a_really_long_task_identifier_that_will_not_fit"
        let elements = try #require(SVGElements.parse(GraphSVG.render(nodes: [GraphNode(id: id)])))
        let label = try #require(elements.first { $0.name == "text" }).text
        #expect(label.hasSuffix("…"))
        #expect(id.hasPrefix(String(label.dropLast())))
        #expect(label.count < id.count)
        #expect(elements.contains { $0.name == "title" && $0.text == id })
    }

    @Test func theSvgHasAViewBoxRoleAndLabel() throws {
        let svg = GraphSVG.render(nodes: [GraphNode(id: "a"), GraphNode(id: "b", upstream: ["a"])], label: "ETL & co")
        let root = try #require(SVGElements.parse(svg)?.first)
        #expect(root.name == "svg")
        #expect(root.attributes["class"] == "dag-graph")
        #expect(root.attributes["role"] == "img")
        #expect(root.attributes["aria-label"] == "ETL & co")
        let box = try #require(root.attributes["viewBox"]).split(separator: " ").compactMap { Double($0) }
        #expect(box.count == 4 && box[2] > 0 && box[3] > 0)
    }

    @Test func theEmptyGraphRendersAValidEmptySvg() throws {
        let svg = GraphSVG.render(nodes: [])
        let elements = try #require(SVGElements.parse(svg))
        #expect(elements.map(\.name) == ["svg"])
        #expect(elements[0].attributes["viewBox"] != nil)
        #expect(elements[0].attributes["class"] == "dag-graph")
    }
}

@Suite struct GanttSVGTests {
    static let origin = Date(timeIntervalSince1970: 1_700_000_000)

    static func at(_ seconds: Double) -> Date { origin.addingTimeInterval(seconds) }

    fileprivate static func bars(_ elements: [SVGElements.Element]) -> [SVGElements.Element] {
        elements.filter { $0.name == "rect" && ($0.attributes["class"] ?? "").hasPrefix("gantt-bar") }
    }

    fileprivate static func right(_ rect: SVGElements.Element) -> Double {
        Double(rect.attributes["x"]!)! + Double(rect.attributes["width"]!)!
    }

    @Test func aRunningBarExtendsToNow() throws {
        let svg = GanttSVG.render(bars: [
            GanttBar(taskId: "extract", state: "success", start: Self.at(0), end: Self.at(60)),
            GanttBar(taskId: "load", state: "running", start: Self.at(30), end: nil),
        ], now: Self.at(120))
        let elements = try #require(SVGElements.parse(svg))
        let rects = Self.bars(elements)
        #expect(rects.count == 2)
        // 120 s in steps of 30 s: the axis ends exactly at now, the right end of the chart.
        let ticks = elements.filter { $0.attributes["class"] == "gantt-tick" }.map(\.text)
        #expect(ticks == ["0s", "30s", "1m", "1m30s", "2m"])
        let end = GanttSVG.labelWidth + GanttSVG.chartWidth
        #expect(abs(Self.right(rects[1]) - end) < 0.1)
        #expect(abs(Self.right(rects[0]) - (GanttSVG.labelWidth + GanttSVG.chartWidth / 2)) < 0.1)
        #expect(rects[1].attributes["class"] == "gantt-bar gantt-open state-running")
        let titles = elements.filter { $0.name == "title" && $0.ancestors.last == "rect" }.map(\.text)
        #expect(titles == ["extract (success): 1m", "load (running): 1m30s so far"])
    }

    @Test func rowsAreSortedByStartAndUnstartedTasksComeLastWithoutABar() throws {
        let svg = GanttSVG.render(bars: [
            GanttBar(taskId: "pending", state: "scheduled"),
            GanttBar(taskId: "second", state: "success", start: Self.at(5), end: Self.at(9)),
            GanttBar(taskId: "first", state: "failed", start: Self.at(0), end: Self.at(2.5), href: "/ui/tasks/7"),
            GanttBar(taskId: "queued", state: nil),
        ], now: Self.at(10))
        let elements = try #require(SVGElements.parse(svg))
        let labels = elements.filter { $0.attributes["class"] == "gantt-label" }.map(\.text)
        #expect(labels == ["first", "second", "pending", "queued"])
        let rects = Self.bars(elements)
        #expect(rects.map { $0.attributes["class"] } == ["gantt-bar state-failed", "gantt-bar state-success"])
        #expect(rects[0].ancestors.last == "a")
        #expect(elements.contains { $0.name == "title" && $0.text == "first (failed): 2.5s" })
    }

    @Test func taskIdsAreEscaped() throws {
        let svg = GanttSVG.render(bars: [GanttBar(taskId: "<x>&\"", state: "queued", start: Self.at(0), end: Self.at(1))], now: Self.at(1))
        #expect(svg.text.contains("&lt;x&gt;&amp;&quot;"))
        #expect(!svg.text.contains("<x>"))
        let elements = try #require(SVGElements.parse(svg))
        #expect(elements.contains { $0.attributes["class"] == "gantt-label" && $0.text == "<x>&\"" })
    }

    @Test func theEmptyGanttRendersAValidEmptySvg() throws {
        let elements = try #require(SVGElements.parse(GanttSVG.render(bars: [], now: Self.origin)))
        #expect(elements.map(\.name) == ["svg"])
        #expect(elements[0].attributes["class"] == "gantt")
        #expect(elements[0].attributes["role"] == "img")
        #expect(elements[0].attributes["aria-label"] != nil)
        #expect(elements[0].attributes["viewBox"] != nil)
    }

    @Test func theAxisAlwaysHasFourToEightRoundLabels() {
        let steps = Set(GanttAxis.steps)
        var span = 0.0
        while span < 40 * 86_400 {
            let axis = GanttAxis(span: span)
            #expect((4...8).contains(axis.intervals + 1), "span \(span)")
            #expect(axis.end >= span)
            #expect(steps.contains(axis.step) || axis.step.truncatingRemainder(dividingBy: 86_400) == 0)
            span = span * 1.37 + 0.7
        }
    }

    @Test func elapsedTimeReadsAsUnits() {
        #expect(GanttAxis.elapsed(0) == "0s")
        #expect(GanttAxis.elapsed(30) == "30s")
        #expect(GanttAxis.elapsed(90) == "1m30s")
        #expect(GanttAxis.elapsed(3_600) == "1h")
        #expect(GanttAxis.elapsed(3_605) == "1h5s")
        #expect(GanttAxis.elapsed(93_784) == "1d2h3m4s")
        #expect(GanttAxis.duration(2.46) == "2.5s")
        #expect(GanttAxis.duration(4) == "4s")
        #expect(GanttAxis.duration(75.4) == "1m15s")
    }

    @Test func coordinatesHaveAtMostOneDecimal() {
        #expect(ChartFormat.number(12) == "12")
        #expect(ChartFormat.number(12.345) == "12.3")
        #expect(ChartFormat.number(-0.04) == "0")
        #expect(ChartFormat.number(-2.25) == "-2.3" || ChartFormat.number(-2.25) == "-2.2")
        #expect(ChartFormat.number(.nan) == "0")
    }
}
