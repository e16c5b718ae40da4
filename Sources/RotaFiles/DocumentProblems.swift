/// Every problem that keeps a document from being read (at least one).
public struct DocumentProblems: Error, Sendable, Equatable {
    public var problems: [DocumentProblem]

    public init(_ problems: [DocumentProblem]) {
        self.problems = problems
    }
}
