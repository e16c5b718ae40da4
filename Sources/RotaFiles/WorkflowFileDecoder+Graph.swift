import RotaCore

extension WorkflowFileDecoder {
    /// The most cycles reported for one file; each further one appears once these are fixed.
    static let maxCyclesReported = 10

    /// Task ids (unique, valid), upstream references (known, not repeated) and cycles. Returns the
    /// graph of the valid tasks and its edges (each task's known upstreams) for the template checks.
    mutating func checkGraph(_ tasks: [ParsedTask]) -> (graph: DagGraph, edges: [(id: String, upstream: [String])]) {
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
                    report(at, "unknown task \"\(upstream)\"" + hint(upstream, ids))
                } else {
                    known.append(upstream)
                }
            }
            edges.append((parsed.task.id, known))
        }
        reportCycles(edges, firstPath: firstPath)
        return (DagGraph(edges), edges)
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
    ///
    /// Did-you-mean hints come out of `suggestionBudget`: a site is checked without them first, and
    /// again with them only while the budget covers comparing each problem with every name.
    mutating func checkTemplates(params: [String], graph: DagGraph, edges: [(id: String, upstream: [String])]) {
        let ids = graph.taskIds
        let names = TemplateNames(params: params, tasks: ids)
        let taskSet = Set(ids)
        var references: [[String]] = []
        var queries: [(task: String, reference: String)] = []
        for site in templateSites {
            let found = site.task.map { $0.isEmpty ? [] : TemplateChecker.taskReferences(in: site.text).filter(taskSet.contains) } ?? []
            references.append(found)
            queries += found.map { (site.task ?? "", $0) }
        }
        let answers = Self.upstreamAnswers(queries, ids: ids, edges: edges)
        var query = 0
        for (site, found) in zip(templateSites, references) {
            var problems = TemplateChecker.check(site.text, names: names, mode: site.mode, suggest: false)
            let cost = problems.count * (params.count + ids.count)
            if !problems.isEmpty, cost <= suggestionBudget {
                suggestionBudget -= cost
                problems = TemplateChecker.check(site.text, names: names, mode: site.mode)
            }
            for problem in problems {
                report(site.path, problem)
            }
            for reference in found {
                defer { query += 1 }
                guard answers[query] == false, let task = site.task else { continue }
                report(site.path, "\"{{ tasks.\(reference).result }}\": task \"\(reference)\" is not upstream of \"\(task)\", so its result may not exist yet")
            }
        }
    }

    /// For each (task, reference) whether the reference is among the task's transitive upstreams;
    /// nil for a task on or below a cycle (the cycle is reported; these checks follow once it is fixed).
    ///
    /// Referenced tasks are taken 64 at a time: one pass over the tasks in topological order ORs
    /// each task's upstream masks, so the cost is (tasks + edges) × references / 64, where a set of
    /// ancestors per task would grow with the square of a long chain's length.
    static func upstreamAnswers(_ queries: [(task: String, reference: String)], ids: [String],
                                edges: [(id: String, upstream: [String])]) -> [Bool?] {
        var index: [String: Int] = [:]
        for (i, id) in ids.enumerated() where index[id] == nil { index[id] = i }
        // As in DagGraph: the first entry of a repeated id counts.
        var upstream = [[Int]](repeating: [], count: ids.count)
        var filled = Set<Int>()
        for edge in edges {
            guard let i = index[edge.id], filled.insert(i).inserted else { continue }
            upstream[i] = edge.upstream.compactMap { index[$0] }
        }
        // Kahn's algorithm: tasks on or below a cycle never become ready and are left out.
        var dependents = [[Int]](repeating: [], count: ids.count)
        var waiting = upstream.map(\.count)
        for (task, ups) in upstream.enumerated() {
            for up in ups { dependents[up].append(task) }
        }
        var order = waiting.indices.filter { waiting[$0] == 0 }
        var next = 0
        while next < order.count {
            for dependent in dependents[order[next]] {
                waiting[dependent] -= 1
                if waiting[dependent] == 0 { order.append(dependent) }
            }
            next += 1
        }
        var ordered = [Bool](repeating: false, count: ids.count)
        for task in order { ordered[task] = true }
        // Each distinct reference gets a slot; the queries are grouped by their slot's chunk of 64.
        var slot: [Int: Int] = [:]
        var targets: [Int] = []
        var chunks: [[Int]] = []
        for (number, query) in queries.enumerated() {
            guard let reference = index[query.reference], let task = index[query.task], ordered[task] else { continue }
            if slot[reference] == nil {
                slot[reference] = targets.count
                targets.append(reference)
            }
            let chunk = slot[reference]! / 64
            if chunk == chunks.count { chunks.append([]) }
            chunks[chunk].append(number)
        }
        var answers = [Bool?](repeating: nil, count: queries.count)
        var reach = [UInt64](repeating: 0, count: ids.count)
        var bit = [UInt64](repeating: 0, count: ids.count)
        for (chunk, numbers) in chunks.enumerated() {
            let members = targets[(chunk * 64)..<min(chunk * 64 + 64, targets.count)]
            for (offset, target) in members.enumerated() { bit[target] = 1 << UInt64(offset) }
            for task in order {
                var mask: UInt64 = 0
                for up in upstream[task] { mask |= reach[up] | bit[up] }
                reach[task] = mask
            }
            for number in numbers {
                let target = index[queries[number].reference]!
                answers[number] = reach[index[queries[number].task]!] & bit[target] != 0
            }
            for target in members { bit[target] = 0 }
        }
        return answers
    }
}
