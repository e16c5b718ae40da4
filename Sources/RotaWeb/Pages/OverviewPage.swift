import Foundation
import RotaCore

/// The landing page: what is wrong, what runs now, what fires next, and who is in the cluster
/// (what Airflow's home page and Flower showed, on one screen).
public struct OverviewPage: Sendable {
    public struct NextFire: Sendable {
        public var name: String
        public var isWorkflow: Bool
        public var at: Date
        public init(name: String, isWorkflow: Bool, at: Date) {
            self.name = name
            self.isWorkflow = isWorkflow
            self.at = at
        }
    }

    public var runCounts: [String: Int]
    public var queueDepth: Int
    public var running: [AttemptRecord]
    public var failures: [AttemptRecord]
    public var nextFires: [NextFire]
    public var leader: LeaseRecord?
    public var members: [MemberRecord]
    public var jobNames: Set<String>
    public var now: Date

    public init(runCounts: [String: Int], queueDepth: Int, running: [AttemptRecord], failures: [AttemptRecord],
                nextFires: [NextFire], leader: LeaseRecord?, members: [MemberRecord], jobNames: Set<String>, now: Date) {
        self.runCounts = runCounts
        self.queueDepth = queueDepth
        self.running = running
        self.failures = failures
        self.nextFires = nextFires
        self.leader = leader
        self.members = members
        self.jobNames = jobNames
        self.now = now
    }

    public func render() -> WebPage {
        var cards: [HTML] = RunState.allCases.map { state in
            "<div class=\"card\"><div class=\"l\">\(state.rawValue) runs</div><div class=\"n\"><span class=\"sq state-\(state.rawValue)\"></span>\(runCounts[state.rawValue] ?? 0)</div></div>"
        }
        cards.append("<div class=\"card\"><div class=\"l\">running tasks</div><div class=\"n\">\(running.count)</div></div>")
        cards.append("<div class=\"card\"><div class=\"l\">waiting in queue</div><div class=\"n\">\(queueDepth)</div></div>")
        let body: HTML = """
        <h1>Overview</h1>
        <div class="cards" id="counts">\(cards)</div>
        <div class="cols" id="overview" data-refresh="3000">
        <div><div class="panel"><h2>Recent failures</h2>\(failureTable())</div>
        <div class="panel"><h2>Running now</h2>\(runningTable())</div></div>
        <div><div class="panel"><h2>Next fires</h2>\(nextTable())</div>
        <div class="panel"><h2>Cluster</h2>\(clusterTable())</div></div>
        </div>
        """
        return WebPage(title: "Overview", section: .overview, body: body)
    }

    private func ownerLink(_ workflow: String) -> HTML {
        jobNames.contains(workflow) ? "<a href=\"\(WebURL.job(workflow))\">\(workflow)</a>"
            : "<a href=\"\(WebURL.workflow(workflow))\">\(workflow)</a>"
    }

    private func failureTable() -> HTML {
        guard !failures.isEmpty else { return "<p class=\"empty\">No failed attempts.</p>" }
        let rows = failures.map { a -> HTML in
            let reason = a.reason.isEmpty ? (a.exitCode.map { "exit code \($0)" } ?? "") : a.reason
            return """
            <tr><td>\(ownerLink(a.workflow))</td><td><a href="\(WebURL.task(a.taskInstanceId))">\(a.taskId)</a> · try \(a.attempt)</td>
            <td>\(WebFormat.time(a.finishedAt))</td><td class="muted">\(String(reason.prefix(120)))</td>
            <td><a class="btn small" href="\(WebURL.task(a.taskInstanceId))#log">log</a></td></tr>
            """
        }
        return "<table class=\"list\"><tr><th>Job / workflow</th><th>Task</th><th>Failed at</th><th>Why</th><th></th></tr>\(rows)</table>"
    }

    private func runningTable() -> HTML {
        guard !running.isEmpty else { return "<p class=\"empty\">Nothing is running.</p>" }
        let seen = Dictionary(members.map { ($0.name, $0.lastSeen) }, uniquingKeysWith: { a, _ in a })
        let rows = running.prefix(50).map { a -> HTML in
            let beat = seen[a.node].map { WebFormat.relative($0, now: now) } ?? "–"
            return """
            <tr><td>\(ownerLink(a.workflow))</td><td><a href="\(WebURL.task(a.taskInstanceId))">\(a.taskId)</a></td><td>\(a.node)</td>
            <td>\(WebFormat.duration(from: a.startedAt, to: nil, now: now))</td><td class="muted">\(beat)</td></tr>
            """
        }
        return "<table class=\"list\"><tr><th>Job / workflow</th><th>Task</th><th>Node</th><th>Running for</th><th>Heartbeat</th></tr>\(rows)</table>"
    }

    private func nextTable() -> HTML {
        guard !nextFires.isEmpty else { return "<p class=\"empty\">Nothing is scheduled.</p>" }
        let rows = nextFires.map { f -> HTML in
            let link: HTML = f.isWorkflow ? "<a href=\"\(WebURL.workflow(f.name))\">\(f.name)</a>" : "<a href=\"\(WebURL.job(f.name))\">\(f.name)</a>"
            return "<tr><td>\(link)</td><td>\(f.isWorkflow ? "workflow" : "job")</td><td>\(WebFormat.time(f.at))</td><td class=\"muted\">\(WebFormat.relative(f.at, now: now))</td></tr>"
        }
        return "<table class=\"list\"><tr><th>Name</th><th>Kind</th><th>At</th><th></th></tr>\(rows)</table>"
    }

    private func clusterTable() -> HTML {
        let leaderLine: HTML = leader.map { l in
            let fresh = l.expiresAt > now
            return "<p>Leader: <strong>\(l.holder)</strong> \(fresh ? "" : "(lease expired)") <span class=\"muted\">since \(WebFormat.relative(l.acquiredAt, now: now))</span></p>"
        } ?? "<p class=\"muted\">No leader lease (standalone runs everything in one process).</p>"
        guard !members.isEmpty else { return leaderLine }
        let rows = members.map { m -> HTML in
            let tags = m.tags.keys.sorted().map { "\($0)=\(m.tags[$0]!)" }.joined(separator: " ")
            return """
            <tr><td>\(m.name)</td><td>\(m.kind.rawValue)</td><td>\(WebFormat.badge(m.status))</td><td>\(m.running) / \(m.capacity)</td>
            <td class="muted">\(WebFormat.relative(m.lastSeen, now: now))</td><td class="mono">\(tags)</td></tr>
            """
        }
        return leaderLine + "<table class=\"list\"><tr><th>Member</th><th>Kind</th><th>Status</th><th>Running / capacity</th><th>Heartbeat</th><th>Tags</th></tr>\(rows)</table>"
    }
}
