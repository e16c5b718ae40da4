import Testing
@testable import RotaWeb

@Suite struct DagLayoutTests {
    typealias Input = [(id: String, upstream: [String])]

    static func node(_ layout: DagLayout, _ id: String) -> DagLayout.Node {
        layout.nodes.first { $0.id == id }!
    }

    static func centreY(_ node: DagLayout.Node) -> Double { node.y + node.height / 2 }

    /// Crossings between edges joining adjacent layers when each node sits at `place(id)`.
    static func crossings(_ layout: DagLayout, place: (String) -> Double) -> Int {
        let layer = Dictionary(uniqueKeysWithValues: layout.nodes.map { ($0.id, $0.layer) })
        let adjacent = layout.edges.filter { layer[$0.to]! == layer[$0.from]! + 1 }
        var count = 0
        for i in adjacent.indices {
            for j in adjacent.indices where j > i && layer[adjacent[i].from] == layer[adjacent[j].from] {
                let above = place(adjacent[i].from) - place(adjacent[j].from)
                let below = place(adjacent[i].to) - place(adjacent[j].to)
                if above * below < 0 { count += 1 }
            }
        }
        return count
    }

    /// Crossings as drawn.
    static func crossings(_ layout: DagLayout) -> Int {
        let centre = Dictionary(uniqueKeysWithValues: layout.nodes.map { ($0.id, centreY($0)) })
        return crossings(layout, place: { centre[$0]! })
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 0.001 }

    static func overlaps(_ a: DagLayout.Node, _ b: DagLayout.Node) -> Bool {
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
    }

    @Test func layersFollowTheLongestPathFromARoot() {
        let layout = DagLayout.layout([
            (id: "extract", upstream: []),
            (id: "clean", upstream: ["extract"]),
            (id: "load", upstream: ["extract", "clean"]),
            (id: "report", upstream: ["load", "extract"]),
            (id: "audit", upstream: []),
        ])
        #expect(layout.nodes.map(\.id) == ["extract", "clean", "load", "report", "audit"])
        #expect(layout.nodes.map(\.layer) == [0, 1, 2, 3, 0])
        let columns = layout.nodes.map(\.x)
        #expect(columns[0] < columns[1] && columns[1] < columns[2] && columns[2] < columns[3])
        #expect(columns[4] == columns[0])
    }

    @Test func unknownUpstreamsSelfLoopsAndRepeatedIdsAreIgnored() {
        let layout = DagLayout.layout([
            (id: "a", upstream: ["ghost", "a"]),
            (id: "b", upstream: ["a", "a", "missing"]),
            (id: "a", upstream: ["b"]),
        ])
        #expect(layout.nodes.map(\.id) == ["a", "b"])
        #expect(layout.nodes.map(\.layer) == [0, 1])
        #expect(layout.edges.map { "\($0.from)>\($0.to)" } == ["a>b"])
        #expect(layout.edges.allSatisfy { !$0.closesCycle })
    }

    @Test func noTwoNodesOverlap() {
        // A deterministic tangle: every node depends on a few earlier ones, with long edges.
        var input: Input = []
        for index in 0..<60 {
            let upstream = [index / 2, index - 1, (index * 7) % max(index, 1), index - 13]
                .filter { $0 >= 0 && $0 < index }
                .map { "t\($0)" }
            input.append((id: "t\(index)", upstream: upstream))
        }
        let layout = DagLayout.layout(input)
        #expect(layout.nodes.count == 60)
        for i in layout.nodes.indices {
            let a = layout.nodes[i]
            #expect(a.x >= 0 && a.y >= 0 && a.x + a.width <= layout.width && a.y + a.height <= layout.height)
            for b in layout.nodes[(i + 1)...] {
                #expect(!Self.overlaps(a, b), "\(a.id) overlaps \(b.id)")
            }
        }
    }

    @Test func crossingsOfACrossingProneExampleAreReducedFromTheInputOrder() {
        // In input order the sources feed the targets in reverse (4 crossings) and the next pair
        // of layers crosses once more. An order without crossings exists.
        let input: Input = [
            (id: "c", upstream: []), (id: "b", upstream: []), (id: "a", upstream: []),
            (id: "z", upstream: ["a"]), (id: "y", upstream: ["b", "a"]), (id: "x", upstream: ["c"]),
            (id: "q", upstream: ["x"]), (id: "p", upstream: ["z"]),
        ]
        let layout = DagLayout.layout(input)
        let inputOrder = Dictionary(uniqueKeysWithValues: input.enumerated().map { ($0.element.id, Double($0.offset)) })
        #expect(Self.crossings(layout, place: { inputOrder[$0]! }) == 5)
        #expect(Self.crossings(layout) < 5)
        #expect(Self.crossings(layout) == 0)
    }

    @Test func edgesStartOnTheUpstreamBoxAndEndOnTheDownstreamBox() {
        let layout = DagLayout.layout([
            (id: "a", upstream: []), (id: "b", upstream: ["a"]), (id: "c", upstream: ["b"]),
            (id: "d", upstream: ["c", "a"]),
        ])
        for edge in layout.edges {
            let from = Self.node(layout, edge.from)
            let to = Self.node(layout, edge.to)
            let first = edge.points.first!
            let last = edge.points.last!
            #expect(Self.close(first.x, from.x + from.width) && Self.close(first.y, Self.centreY(from)))
            #expect(Self.close(last.x, to.x) && Self.close(last.y, Self.centreY(to)))
        }
        // The long edge a → d passes its own slots in the columns of b and c, never their boxes.
        let long = layout.edges.first { $0.from == "a" && $0.to == "d" }!
        #expect(long.points.count == 6)
        for point in long.points {
            for box in layout.nodes where box.id == "b" || box.id == "c" {
                let inside = point.x >= box.x && point.x <= box.x + box.width
                    && point.y >= box.y && point.y <= box.y + box.height
                #expect(!inside)
            }
        }
    }

    @Test func theInputOrderDoesNotMoveAnyNode() {
        let input: Input = [
            (id: "a", upstream: ["e"]), (id: "b", upstream: ["a"]), (id: "c", upstream: ["a", "b"]),
            (id: "d", upstream: ["a"]), (id: "e", upstream: ["c"]), (id: "f", upstream: ["b", "d"]),
            (id: "g", upstream: []), (id: "h", upstream: ["g", "c"]),
        ]
        func boxes(_ layout: DagLayout) -> [String: [Double]] {
            Dictionary(uniqueKeysWithValues: layout.nodes.map { ($0.id, [$0.x, $0.y]) })
        }
        func lines(_ layout: DagLayout) -> Set<String> {
            Set(layout.edges.map { "\($0.from)>\($0.to) \($0.closesCycle) \($0.points.map { [$0.x, $0.y] })" })
        }
        let forward = DagLayout.layout(input)
        let backward = DagLayout.layout(input.reversed())
        #expect(boxes(forward) == boxes(backward))
        #expect(lines(forward) == lines(backward))
    }

    @Test func cycleInputTerminatesWithOneEdgeReversedPerCycle() {
        let layout = DagLayout.layout([
            (id: "a", upstream: ["c"]), (id: "b", upstream: ["a"]), (id: "c", upstream: ["b"]),
            (id: "d", upstream: ["e", "c"]), (id: "e", upstream: ["d"]),
        ])
        #expect(layout.nodes.count == 5)
        #expect(layout.edges.count == 6)
        #expect(layout.edges.filter(\.closesCycle).count == 2)
        for edge in layout.edges {
            let from = Self.node(layout, edge.from)
            let to = Self.node(layout, edge.to)
            #expect(edge.closesCycle ? from.layer > to.layer : from.layer < to.layer)
        }
        #expect(layout == DagLayout.layout([
            (id: "a", upstream: ["c"]), (id: "b", upstream: ["a"]), (id: "c", upstream: ["b"]),
            (id: "d", upstream: ["e", "c"]), (id: "e", upstream: ["d"]),
        ]))
    }

    @Test func aLongRingTerminatesWithoutDeepRecursion() {
        let count = 5_000
        let input: Input = (0..<count).map { (id: "n\($0)", upstream: ["n\(($0 + count - 1) % count)"]) }
        let layout = DagLayout.layout(input)
        #expect(layout.nodes.count == count)
        #expect(layout.edges.filter(\.closesCycle).count == 1)
        #expect(Set(layout.nodes.map(\.layer)).count == count)
    }

    @Test func aDiamondOfAThousandLaysOut() {
        let middle = (0..<1_000).map { "m\($0)" }
        var input: Input = [(id: "source", upstream: [])]
        input += middle.reversed().map { (id: $0, upstream: ["source"]) }
        input.append((id: "sink", upstream: middle))
        let layout = DagLayout.layout(input)

        #expect(layout.nodes.count == 1_002)
        #expect(layout.edges.count == 2_000)
        #expect(Self.node(layout, "source").layer == 0)
        #expect(Self.node(layout, "sink").layer == 2)
        let column = layout.nodes.filter { $0.layer == 1 }.sorted { $0.y < $1.y }
        #expect(column.count == 1_000)
        // Equal barycenters: the tie-break by id decides, whatever the input order.
        #expect(column.map(\.id) == middle.sorted())
        for (upper, lower) in zip(column, column.dropFirst()) {
            #expect(upper.y + upper.height <= lower.y)
        }
        #expect(Self.close(Self.centreY(Self.node(layout, "source")), Self.centreY(Self.node(layout, "sink"))))
        #expect(Self.crossings(layout) == 0)
    }

    @Test func emptyInputGivesAnEmptyLayout() {
        let layout = DagLayout.layout([])
        #expect(layout.nodes.isEmpty && layout.edges.isEmpty)
        #expect(layout.width > 0 && layout.height > 0)
    }
}
