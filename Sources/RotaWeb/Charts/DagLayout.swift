/// Positions for a left-to-right drawing of a task DAG, computed without any SVG.
///
/// Why geometry on its own: layering, crossing reduction and cycle breaking are the subtle part
/// of the Graph view, and keeping them free of markup lets them be tested on numbers alone.
/// The layout is Sugiyama style: a node's layer (column) is the longest path from a root, long
/// edges pass through their own slots in the columns they cross, and barycenter sweeps order
/// each column to reduce crossings. Every tie is broken by id, so the same DAG always gives the
/// same picture.
public struct DagLayout: Sendable, Equatable {
    /// Sizes and gaps in SVG user units; a renderer can change them to fit its own text.
    public struct Metrics: Sendable, Equatable {
        public var nodeWidth: Double
        public var nodeHeight: Double
        /// Horizontal space between two columns, where the edges run.
        public var layerGap: Double
        /// Vertical space between two nodes of a column.
        public var nodeGap: Double
        /// Empty border around the drawing.
        public var margin: Double

        public init(
            nodeWidth: Double = 160, nodeHeight: Double = 36, layerGap: Double = 56,
            nodeGap: Double = 14, margin: Double = 12
        ) {
            self.nodeWidth = nodeWidth
            self.nodeHeight = nodeHeight
            self.layerGap = layerGap
            self.nodeGap = nodeGap
            self.margin = margin
        }
    }

    /// A point in SVG user units (y grows downwards).
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// A placed node: its column and its box (top-left corner and size).
    public struct Node: Sendable, Equatable {
        public var id: String
        /// The column, 0 for roots: one more than the deepest upstream.
        public var layer: Int
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double
    }

    /// A dependency drawn from `from` (the upstream) to `to`, as a polyline a renderer may
    /// smooth; the last point touches `to`, where an arrow head belongs.
    public struct Edge: Sendable, Equatable {
        public var from: String
        public var to: String
        public var points: [Point]
        /// True for an edge that closed a cycle: it was laid out backwards to keep the drawing
        /// layered, so it runs right to left and a renderer may want to mark it.
        public var closesCycle: Bool
    }

    /// Each distinct input id once, in input order.
    public var nodes: [Node]
    /// Each distinct known dependency once, grouped by downstream node in input order.
    public var edges: [Edge]
    /// The size of the drawing, margins included.
    public var width: Double
    public var height: Double

    /// Lays out `nodes`, each naming the ids it depends on.
    ///
    /// Upstream ids that name no node and self-dependencies are ignored; a repeated id keeps its
    /// first entry. Cycles are broken deterministically by reversing the edges that close them.
    public static func layout(
        _ nodes: [(id: String, upstream: [String])], metrics: Metrics = Metrics()
    ) -> DagLayout {
        let graph = DagGraph(nodes)
        let layering = DagLayering(graph)
        var layered = LayeredDag(graph: graph, layering: layering)
        layered.reduceCrossings()
        let centres = layered.verticalCentres(metrics: metrics)
        return layered.assemble(graph: graph, centres: centres, metrics: metrics)
    }
}
