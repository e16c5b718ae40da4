import Foundation

/// The claims of a finish batch that can be made as one: same node, tags and queues, so one
/// query with the summed limit serves them all (at the latest of their clocks).
struct ClaimGroup {
    var params: TaskClaimParams
    /// Indices into the batch, in item order.
    var items: [Int]

    static func groups(_ batch: [TaskFinishAndClaim]) -> [ClaimGroup] {
        var groups: [ClaimGroup] = []
        for (index, item) in batch.enumerated() {
            guard let claim = item.claim, claim.limit > 0 else { continue }
            if let at = groups.firstIndex(where: { $0.accepts(claim) }) {
                groups[at].params.limit += claim.limit
                groups[at].params.now = max(groups[at].params.now, claim.now)
                groups[at].items.append(index)
            } else {
                groups.append(ClaimGroup(params: claim, items: [index]))
            }
        }
        return groups
    }

    private func accepts(_ claim: TaskClaimParams) -> Bool {
        params.node == claim.node && params.tags == claim.tags && params.queues == claim.queues
    }
}
