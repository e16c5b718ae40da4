/// The layered graph the ordering and placement work on: real nodes first (indices as in
/// `DagGraph`), then one dummy node per layer crossed by a long edge, so that every connection
/// joins two adjacent layers and long edges get their own slot in each column they pass.
struct LayeredDag {
    /// A dependency as drawn: its link and the dummy nodes it passes through, in layer order.
    struct Route {
        var link: DagLayering.Link
        var via: [Int]
    }

    /// Long edges beyond this many dummy nodes in total are drawn straight, without slots, so a
    /// pathological DAG (every node of a long chain feeding the last one) stays fast.
    static let dummyBudget = 20_000
    static let maxSweeps = 8

    let realCount: Int
    var layerOf: [Int]
    var up: [[Int]]
    var down: [[Int]]
    var tieKey: [Int]
    var layers: [[Int]] = []
    var position: [Int] = []
    var routes: [Route]

    init(graph: DagGraph, layering: DagLayering) {
        let count = graph.ids.count
        realCount = count
        layerOf = layering.layer
        tieKey = graph.rank
        up = Array(repeating: [], count: count)
        down = Array(repeating: [], count: count)
        routes = []
        let links = layering.links
        let spans = links.map { layering.layer[$0.to] - layering.layer[$0.from] - 1 }
        var slotted = [Bool](repeating: true, count: links.count)
        if spans.reduce(0, +) > Self.dummyBudget {
            var spent = 0
            for link in links.indices.sorted(by: { (spans[$0], $0) < (spans[$1], $1) }) {
                spent += spans[link]
                slotted[link] = spent <= Self.dummyBudget
            }
        }
        // Dummies are made in a canonical link order (by ids), so their slots and tie-breaks,
        // like everything else, do not depend on the input order.
        func key(_ index: Int) -> (Int, Int, Int) {
            (graph.rank[links[index].to], graph.rank[links[index].from], links[index].closesCycle ? 1 : 0)
        }
        var vias = [[Int]](repeating: [], count: links.count)
        for index in links.indices.sorted(by: { key($0) < key($1) }) {
            let link = links[index]
            guard slotted[index] else { continue }
            var previous = link.from
            for layer in (layerOf[link.from] + 1)..<layerOf[link.to] {
                let dummy = layerOf.count
                layerOf.append(layer)
                tieKey.append(dummy)
                up.append([])
                down.append([])
                connect(previous, dummy)
                vias[index].append(dummy)
                previous = dummy
            }
            connect(previous, link.to)
        }
        routes = zip(links, vias).map { Route(link: $0, via: $1) }
        let depth = (layerOf.max() ?? -1) + 1
        layers = Array(repeating: [], count: depth)
        // Start from id order, not input order: reordering tasks in a definition file must not
        // move them in the picture.
        let real = (0..<count).sorted { tieKey[$0] < tieKey[$1] }
        for node in real + Array(count..<layerOf.count) { layers[layerOf[node]].append(node) }
        position = Array(repeating: 0, count: layerOf.count)
        for layer in layers { for (slot, node) in layer.enumerated() { position[node] = slot } }
    }

    private mutating func connect(_ from: Int, _ to: Int) {
        down[from].append(to)
        up[to].append(from)
    }

    /// Alternating downward and upward barycenter sweeps, keeping the best order seen (the
    /// starting id order included), so sweeping never adds crossings.
    mutating func reduceCrossings() {
        var best = layers
        var fewest = crossings()
        var sweep = 0
        while fewest > 0 && sweep < Self.maxSweeps {
            if sweep.isMultiple(of: 2) {
                for layer in layers.indices.dropFirst() { reorder(layer, by: up) }
            } else {
                for layer in layers.indices.dropLast().reversed() { reorder(layer, by: down) }
            }
            let now = crossings()
            if now < fewest {
                fewest = now
                best = layers
            }
            sweep += 1
        }
        layers = best
        for layer in layers { for (slot, node) in layer.enumerated() { position[node] = slot } }
    }

    /// Sorts one layer by the mean slot of each node's neighbours in the fixed layer, ties by id;
    /// nodes without such neighbours keep their slots.
    private mutating func reorder(_ layer: Int, by neighbours: [[Int]]) {
        let nodes = layers[layer]
        var movable: [(barycenter: Double, key: Int, node: Int)] = []
        for node in nodes where !neighbours[node].isEmpty {
            let total = neighbours[node].reduce(0) { $0 + position[$1] }
            movable.append((Double(total) / Double(neighbours[node].count), tieKey[node], node))
        }
        movable.sort { ($0.barycenter, $0.key) < ($1.barycenter, $1.key) }
        var next = movable.makeIterator()
        var ordered: [Int] = []
        ordered.reserveCapacity(nodes.count)
        for node in nodes {
            ordered.append(neighbours[node].isEmpty ? node : next.next()!.node)
        }
        layers[layer] = ordered
        for (slot, node) in ordered.enumerated() { position[node] = slot }
    }

    /// Edge crossings between adjacent layers, counted as inversions with a Fenwick tree:
    /// O(E log V) instead of comparing every pair of edges.
    func crossings() -> Int {
        var total = 0
        var targets: [Int] = []
        for layer in layers.indices.dropLast() {
            let width = layers[layer + 1].count
            var tree = [Int](repeating: 0, count: width + 1)
            var inserted = 0
            for node in layers[layer] {
                targets.removeAll(keepingCapacity: true)
                for other in down[node] { targets.append(position[other]) }
                targets.sort()
                for slot in targets {
                    var index = slot + 1
                    var atOrBefore = 0
                    while index > 0 {
                        atOrBefore += tree[index]
                        index -= index & -index
                    }
                    total += inserted - atOrBefore
                    index = slot + 1
                    while index <= width {
                        tree[index] += 1
                        index += index & -index
                    }
                    inserted += 1
                }
            }
        }
        return total
    }
}
