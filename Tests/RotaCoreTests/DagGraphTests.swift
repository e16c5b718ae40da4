import Testing
import RotaCore

/// Cycles, ancestors and descendants of a task graph.
@Suite struct DagGraphTests {
    /// Proves a cycle is reported as the path that closes it, in data-flow direction.
    @Test func findsCycleAsPath() {
        let graph = DagGraph([("a", ["c"]), ("b", ["a"]), ("c", ["b"]), ("d", [])])
        #expect(graph.firstCycle() == ["a", "b", "c", "a"])
    }

    /// Proves a task that depends on itself is a cycle of one.
    @Test func findsSelfLoop() {
        #expect(DagGraph([("a", []), ("b", ["b"])]).firstCycle() == ["b", "b"])
    }

    /// Proves an acyclic graph with shared ancestors has no cycle.
    @Test func diamondHasNoCycle() {
        let graph = DagGraph([("a", []), ("b", ["a"]), ("c", ["a"]), ("d", ["b", "c", "ghost"])])
        #expect(graph.firstCycle() == nil)
        #expect(graph.ancestors(of: "d") == ["a", "b", "c"])
        #expect(graph.descendants(of: ["b"]) == ["d"])
    }
}
