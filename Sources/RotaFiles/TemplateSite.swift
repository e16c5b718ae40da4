import RotaCore

/// A templated field waiting to be checked: known only after the whole file is read, because a
/// template may name any param and any task.
struct TemplateSite {
    let path: String
    let text: String
    let mode: TemplateMode
    /// The task the field belongs to: `tasks.ID.result` there must name one of its upstreams.
    let task: String?
}
