/// One thing wrong with a workflow file: `file:line: field: message`.
public struct WorkflowFileProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based; nil when the problem is the file as a whole (unreadable, empty).
    public var line: Int?
    /// The dotted path of the field (`tasks[2].upstream`); nil for problems of the document itself.
    public var field: String?
    public var message: String

    public init(file: String, line: Int?, field: String?, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let field { text += ": \(field)" }
        return text + ": " + message
    }
}
