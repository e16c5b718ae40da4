import RotaCore

extension WorkflowFileDecoder {
    /// The most cycles reported for one file; each further one appears once these are fixed.
    static let maxCyclesReported = 10

    /// Task ids (unique, valid), upstream references (known, not repeated) and cycles. Returns the
    /// graph of the valid tasks for the template checks.
    mutating func checkGraph(_ tasks: [ParsedTask]) -> DagGraph {
        var firstPath: [String: String] = [:]
        for parsed in tasks where !parsed.task.id.isEmpty {
            let id = parsed.task.id
            if let first = firstPath[id] {
                report("\(parsed.path).id", "duplicate task id \"\(id)\" (first at line \(line(for: "\(first).id")))")
            } else {
                firstPath[id] = parsed.path
            }
        }
        let ids = tasks.map(\.task.id).filter { !$0.isEmpty }
        var edges: [(id: String, upstream: [String])] = []
        for parsed in tasks where !parsed.task.id.isEmpty {
            var seen = Set<String>()
            var known: [String] = []
            for (i, upstream) in parsed.task.upstream.enumerated() {
                let at = "\(parsed.path).upstream[\(i)]"
                if !seen.insert(upstream).inserted {
                    report(at, "\"\(upstream)\" is listed twice")
                } else if firstPath[upstream] == nil {
                    report(at, "unknown task \"\(upstream)\"" + Self.hint(upstream, ids))
                } else {
                    known.append(upstream)
                }
            }
            edges.append((parsed.task.id, known))
        }
        reportCycles(edges, firstPath: firstPath)
        return DagGraph(edges)
    }

    /// Reports cycles one by one, cutting the edge that closes each before looking again.
    private mutating func reportCycles(_ edges: [(id: String, upstream: [String])], firstPath: [String: String]) {
        var edges = edges
        for _ in 0..<Self.maxCyclesReported {
            guard let cycle = DagGraph(edges).firstCycle(), let closing = cycle.last, cycle.count >= 2 else { return }
            let from = cycle[cycle.count - 2]
            report("\(firstPath[closing] ?? "tasks").upstream", "cycle: " + cycle.joined(separator: " -> "))
            if let index = edges.firstIndex(where: { $0.id == closing }) {
                edges[index].upstream.removeAll { $0 == from }
            }
        }
    }

    /// Every recorded template, against the declared params and the task ids; `tasks.ID.result`
    /// inside a task must name one of its (transitive) upstream tasks.
    mutating func checkTemplates(params: [String], graph: DagGraph) {
        let ids = graph.taskIds
        var ancestors: [String: Set<String>] = [:]
        for site in templateSites {
            for problem in TemplateChecker.check(site.text, params: params, tasks: ids, mode: site.mode) {
                report(site.path, problem)
            }
            guard let task = site.task, !task.isEmpty else { continue }
            for reference in TemplateChecker.taskReferences(in: site.text) where ids.contains(reference) {
                if ancestors[task] == nil { ancestors[task] = graph.ancestors(of: task) }
                if ancestors[task]?.contains(reference) != true {
                    report(site.path, "\"{{ tasks.\(reference).result }}\": task \"\(reference)\" is not upstream of \"\(task)\", so its result may not exist yet")
                }
            }
        }
    }
}
