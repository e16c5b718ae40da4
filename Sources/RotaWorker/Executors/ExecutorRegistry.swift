/// The executors a worker offers, by the name jobs use in `executor`.
public struct ExecutorRegistry: Sendable {
    private var executors: [String: any TaskExecutor]

    public init(_ executors: [String: any TaskExecutor]) {
        self.executors = executors
    }

    /// Rota's built-in executors: `shell` and `http`.
    public static func builtIn(http: HTTPExecutor) -> ExecutorRegistry {
        ExecutorRegistry(["shell": ShellExecutor(), "http": http])
    }

    public subscript(name: String) -> (any TaskExecutor)? { executors[name] }

    public mutating func register(_ name: String, _ executor: any TaskExecutor) {
        executors[name] = executor
    }
}
