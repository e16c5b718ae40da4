import RotaCore

/// A task as read from the file, with the path it was read at (`tasks[2]`) for later problems.
struct ParsedTask {
    let path: String
    let task: WorkflowTask
}
