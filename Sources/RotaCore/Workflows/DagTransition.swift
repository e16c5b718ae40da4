/// A state change the trigger-rule evaluation decided for one task instance.
///
/// Carries the state it was decided from so the Store can apply it as a guarded write
/// (`UPDATE … WHERE state = 'scheduled'`): a concurrent change makes the write a no-op.
public struct DagTransition: Sendable, Equatable, CustomStringConvertible {
    public var taskId: String
    public var from: TaskState
    public var to: TaskState

    public init(_ taskId: String, from: TaskState = .scheduled, to: TaskState) {
        self.taskId = taskId
        self.from = from
        self.to = to
    }

    public var description: String { "\(taskId): \(from.rawValue) -> \(to.rawValue)" }
}
