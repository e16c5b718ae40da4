import Foundation
import RotaCore

extension Engine {
    /// The task's spec with its templates rendered for its run, as its next (or last) try sees it:
    /// what the UI shows as "rendered command". Nil when the run or definition is gone.
    public func renderedSpec(of task: TaskInstanceRecord) async -> TaskSpec? {
        let claimed = ClaimedTask(task: task, attemptId: 0, startedAt: clock.now())
        guard var spec = try? await renderer.render(claimed).task.spec else { return nil }
        spec.config = spec.config.mapValues(secrets.mask)
        spec.environment = spec.environment.mapValues(secrets.mask)
        return spec
    }

    /// Decodes a stored workflow record through the definition cache (pages and API polls reuse it).
    public func workflowDefinition(of record: WorkflowRecord) -> WorkflowDefinition? {
        renderer.definition(of: record)
    }
}
