/// Why a file could not be read as a JSON or YAML document at all, with the line when known.
public struct DocumentProblem: Error, Sendable, Equatable {
    /// 1-based; nil when the problem is the file as a whole (it is empty).
    public var line: Int?
    public var message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }
}
