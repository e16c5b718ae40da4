extension LayeredDag {
    static let alignmentRounds = 3

    /// The vertical centre of every node, dummies included, keeping each layer's order.
    ///
    /// Each pass pulls the nodes of a layer towards the mean centre of their neighbours in the
    /// layer just placed, then resolves overlaps by least squares (pool adjacent violators), so
    /// chains come out straight and fans centre on their source without ever reordering.
    func verticalCentres(metrics: DagLayout.Metrics) -> [Double] {
        let heights = layerOf.indices.map { $0 < realCount ? metrics.nodeHeight : 0 }
        var centres = [Double](repeating: 0, count: layerOf.count)
        for layer in layers {
            var offset = 0.0
            for (slot, node) in layer.enumerated() {
                if slot > 0 { offset += heights[layer[slot - 1]] / 2 + metrics.nodeGap + heights[node] / 2 }
                centres[node] = offset
            }
            for node in layer { centres[node] -= offset / 2 }
        }
        for _ in 0..<Self.alignmentRounds {
            for layer in layers.indices.dropFirst() {
                align(layers[layer], towards: up, centres: &centres, heights: heights, gap: metrics.nodeGap)
            }
            for layer in layers.indices.dropLast().reversed() {
                align(layers[layer], towards: down, centres: &centres, heights: heights, gap: metrics.nodeGap)
            }
        }
        return centres
    }

    private func align(
        _ nodes: [Int], towards neighbours: [[Int]], centres: inout [Double], heights: [Double], gap: Double
    ) {
        // With offsets o[i] (the tightest packing), centres c[i] = z[i] + o[i] keep their order and
        // spacing exactly when z is non-decreasing: fit z to the wishes by isotonic regression.
        var offsets: [Double] = []
        offsets.reserveCapacity(nodes.count)
        var blocks: [(sum: Double, count: Int)] = []
        for (slot, node) in nodes.enumerated() {
            let offset = slot == 0
                ? 0 : offsets[slot - 1] + heights[nodes[slot - 1]] / 2 + gap + heights[node] / 2
            offsets.append(offset)
            let near = neighbours[node]
            let wish = near.isEmpty
                ? centres[node] : near.reduce(0.0) { $0 + centres[$1] } / Double(near.count)
            blocks.append((wish - offset, 1))
            while blocks.count > 1 {
                let last = blocks[blocks.count - 1]
                let before = blocks[blocks.count - 2]
                guard before.sum * Double(last.count) > last.sum * Double(before.count) else { break }
                blocks.removeLast()
                blocks[blocks.count - 1] = (before.sum + last.sum, before.count + last.count)
            }
        }
        var slot = 0
        for block in blocks {
            let level = block.sum / Double(block.count)
            for _ in 0..<block.count {
                centres[nodes[slot]] = level + offsets[slot]
                slot += 1
            }
        }
    }

    /// The public layout: boxes for real nodes and polylines for edges, shifted into the margins.
    func assemble(graph: DagGraph, centres: [Double], metrics: DagLayout.Metrics) -> DagLayout {
        guard !layers.isEmpty else {
            return DagLayout(nodes: [], edges: [], width: 2 * metrics.margin, height: 2 * metrics.margin)
        }
        let heights = layerOf.indices.map { $0 < realCount ? metrics.nodeHeight : 0 }
        var top = Double.infinity
        var bottom = -Double.infinity
        for node in layerOf.indices {
            top = min(top, centres[node] - heights[node] / 2)
            bottom = max(bottom, centres[node] + heights[node] / 2)
        }
        let shift = metrics.margin - top
        func left(_ node: Int) -> Double {
            metrics.margin + Double(layerOf[node]) * (metrics.nodeWidth + metrics.layerGap)
        }
        func centre(_ node: Int) -> Double { centres[node] + shift }

        let nodes = (0..<realCount).map { node in
            DagLayout.Node(
                id: graph.ids[node], layer: layerOf[node], x: left(node),
                y: centre(node) - metrics.nodeHeight / 2, width: metrics.nodeWidth, height: metrics.nodeHeight)
        }
        let edges = routes.map { route in
            let link = route.link
            var points = [DagLayout.Point(x: left(link.from) + metrics.nodeWidth, y: centre(link.from))]
            for dummy in route.via {
                points.append(DagLayout.Point(x: left(dummy), y: centre(dummy)))
                points.append(DagLayout.Point(x: left(dummy) + metrics.nodeWidth, y: centre(dummy)))
            }
            points.append(DagLayout.Point(x: left(link.to), y: centre(link.to)))
            return link.closesCycle
                ? DagLayout.Edge(from: graph.ids[link.to], to: graph.ids[link.from], points: points.reversed(), closesCycle: true)
                : DagLayout.Edge(from: graph.ids[link.from], to: graph.ids[link.to], points: points, closesCycle: false)
        }
        let depth = Double(layers.count)
        return DagLayout(
            nodes: nodes, edges: edges,
            width: 2 * metrics.margin + depth * metrics.nodeWidth + (depth - 1) * metrics.layerGap,
            height: bottom - top + 2 * metrics.margin)
    }
}
