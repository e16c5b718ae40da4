/// The layout's input with ids resolved to indices; what the layering and ordering work on.
struct DagGraph {
    var ids: [String]
    /// Each node's upstream indices: known, distinct, never itself, in id order.
    var upstream: [[Int]]
    /// Each node's place among the sorted ids: the tie-breaker of every later step.
    var rank: [Int]

    init(_ input: [(id: String, upstream: [String])]) {
        var index: [String: Int] = [:]
        var ids: [String] = []
        var names: [[String]] = []
        for node in input where index[node.id] == nil {
            index[node.id] = ids.count
            ids.append(node.id)
            names.append(node.upstream)
        }
        var rank = [Int](repeating: 0, count: ids.count)
        for (place, node) in ids.indices.sorted(by: { ids[$0] < ids[$1] }).enumerated() {
            rank[node] = place
        }
        var upstream: [[Int]] = []
        upstream.reserveCapacity(ids.count)
        for (node, list) in names.enumerated() {
            var seen = Set<Int>()
            var resolved: [Int] = []
            for name in list {
                if let other = index[name], other != node, seen.insert(other).inserted { resolved.append(other) }
            }
            upstream.append(resolved.sorted { rank[$0] < rank[$1] })
        }
        self.ids = ids
        self.upstream = upstream
        self.rank = rank
    }
}

/// Layers by longest path from the roots, after reversing the edges that close cycles.
///
/// One iterative depth-first search along upstream links does both jobs: an upstream that is
/// still on the search path closes a cycle, and a node's layer is known when it is finished,
/// because by then all of its (remaining) upstreams are. Roots and upstreams are visited in id
/// order, so which edge of a cycle gets reversed does not depend on the input order.
struct DagLayering {
    /// A dependency in layout direction: `from` sits in a lower layer than `to`.
    struct Link {
        var from: Int
        var to: Int
        /// True when `from` is the downstream node: the edge was reversed to break a cycle.
        var closesCycle: Bool
    }

    var layer: [Int]
    /// Grouped by downstream node in input order, then by upstream id.
    var links: [Link]

    init(_ graph: DagGraph) {
        let count = graph.ids.count
        var visit = [UInt8](repeating: 0, count: count)  // 0 new, 1 on the path, 2 finished
        var closes = graph.upstream.map { [Bool](repeating: false, count: $0.count) }
        var reversedUpstream = [[Int]](repeating: [], count: count)
        var layer = [Int](repeating: 0, count: count)
        var path: [(node: Int, next: Int)] = []
        for root in (0..<count).sorted(by: { graph.rank[$0] < graph.rank[$1] }) where visit[root] == 0 {
            visit[root] = 1
            path.append((root, 0))
            while let (node, next) = path.last {
                let upstream = graph.upstream[node]
                if next < upstream.count {
                    path[path.count - 1].next += 1
                    let other = upstream[next]
                    switch visit[other] {
                    case 0:
                        visit[other] = 1
                        path.append((other, 0))
                    case 1:
                        // `other` depends, through the path, on `node`: drawing `other → node`
                        // backwards as `node → other` keeps every edge pointing to a later layer.
                        closes[node][next] = true
                        reversedUpstream[other].append(node)
                    default:
                        break
                    }
                } else {
                    path.removeLast()
                    visit[node] = 2
                    var deepest = 0
                    for (position, other) in upstream.enumerated() where !closes[node][position] {
                        deepest = max(deepest, layer[other] + 1)
                    }
                    for other in reversedUpstream[node] { deepest = max(deepest, layer[other] + 1) }
                    layer[node] = deepest
                }
            }
        }
        var links: [Link] = []
        for node in 0..<count {
            for (position, other) in graph.upstream[node].enumerated() {
                links.append(closes[node][position]
                    ? Link(from: node, to: other, closesCycle: true)
                    : Link(from: other, to: node, closesCycle: false))
            }
        }
        self.layer = layer
        self.links = links
    }
}
