/// One task instance of a run as the trigger-rule evaluation sees it.
///
/// The Store builds these from the run's `task_instances` rows (state) and the task specs stored
/// with them (upstream, rule), so the evaluation never needs the workflow definition itself.
public struct DagNode: Sendable, Equatable {
    public var taskId: String
    public var state: TaskState
    /// Ids of the direct upstream tasks.
    public var upstream: [String]
    public var triggerRule: TriggerRule

    public init(_ taskId: String, state: TaskState, upstream: [String] = [], triggerRule: TriggerRule = .allSuccess) {
        self.taskId = taskId
        self.state = state
        self.upstream = upstream
        self.triggerRule = triggerRule
    }
}
