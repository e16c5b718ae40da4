/// Every problem found in a workflow file, not just the first: fixing a file should take one
/// round, not one per mistake.
public struct WorkflowFileErrors: Error, Sendable, Equatable, CustomStringConvertible {
    /// Ordered by line (file-level problems first), then in the order they were found.
    public var problems: [WorkflowFileProblem]

    public init(_ problems: [WorkflowFileProblem]) {
        self.problems = problems
    }

    /// Each problem as `file:line: field: message`.
    public var messages: [String] { problems.map(\.description) }

    /// One problem per line.
    public var description: String { messages.joined(separator: "\n") }
}
