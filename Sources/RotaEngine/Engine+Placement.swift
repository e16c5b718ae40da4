import Foundation
import RotaCore
import RotaStorage

/// Where a job's run goes: Dkron's `:N` tag count spreads it over up to N matching nodes.
extension Engine {
    /// How recently a member must have heartbeated to count as a node that will claim work
    /// (workers beat every 3 s, servers every 5 s).
    static let memberFreshness: TimeInterval = 15

    /// The task instances of one run of `job`.
    ///
    /// With a tag count (`"role": "web:2"`, the smallest count when several tags have one): one
    /// instance per node, for up to N nodes chosen at random among the alive nodes that match
    /// the tags, each pinned to its node (`rota.node`) and named `<job>@<node>`. Without a count,
    /// or when no node matches now, one instance named after the job that the first matching
    /// worker claims (an unmatched one waits for a matching worker to appear). An instance whose
    /// node goes away before running it is moved by the zombie reaper (`Store.taskRepin`).
    func jobTasks(_ job: JobDefinition) async throws -> [RunCreateParams.Task] {
        let single = [RunCreateParams.Task(taskId: job.name, spec: job.taskSpec, route: job.tags)]
        guard let count = TaskRoute.parse(job.tags).count, let nodes = try await claimingNodes() else { return single }
        let route = TaskRoute.encode(job.tags)
        let matching = nodes.filter { TaskRoute.matches(route, tags: $0.tags, node: $0.name) }
        if matching.isEmpty {
            logger.warning("no alive node matches the job's tags; its run waits for a matching worker",
                           metadata: ["rota.workflow": "\(job.name)", "rota.tags": "\(route)"])
            return single
        }
        return matching.shuffled().prefix(count).map { node in
            var tags = job.tags
            tags[TaskRoute.nodeKey] = node.name
            return RunCreateParams.Task(taskId: "\(job.name)@\(node.name)", spec: job.taskSpec, route: tags)
        }
    }

    /// The nodes that claim task instances now, with the tags they claim with; nil when the
    /// Store keeps no members.
    public func claimingNodes() async throws -> [RouteCandidate]? {
        guard let cluster = store as? any ClusterStore else { return nil }
        return Self.claimingNodes(try await cluster.memberList(), now: clock.now())
    }

    /// Alive workers and servers that run a worker pool (capacity above 0), seen lately.
    static func claimingNodes(_ members: [MemberRecord], now: Date) -> [RouteCandidate] {
        members.filter { $0.status == "alive" && $0.capacity > 0 && now.timeIntervalSince($0.lastSeen) <= memberFreshness }
            .map { RouteCandidate(name: $0.name, tags: $0.tags) }
    }
}
