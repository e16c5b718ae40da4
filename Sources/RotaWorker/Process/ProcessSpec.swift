/// Everything needed to start one child process for a job run.
///
/// Why a plain value instead of a builder or `Foundation.Process`: the scheduler
/// stores, logs and retries these, so it must be `Sendable` and copyable, and the
/// environment is always explicit (`environment` is the *complete* environment of
/// the child, never merged implicitly) so a run is reproducible from its spec.
public struct ProcessSpec: Sendable, Equatable {
    /// The argv. `arguments[0]` is looked up in `PATH` when it contains no "/";
    /// `PATH` comes from `environment` when present there, else from this process.
    public var arguments: [String]
    /// The complete environment of the child.
    public var environment: [String: String]
    /// The child's working directory; `nil` keeps this process's one.
    public var workingDirectory: String?
    /// After this long the process group is terminated; `nil` waits forever.
    public var timeout: Duration?
    /// How many bytes of combined stdout and stderr are kept (the tail).
    public var outputLimit: Int
    /// Bytes written to the child's stdin, which is then closed; `nil` means /dev/null.
    public var stdin: [UInt8]?

    /// The output limit Dkron's shell executor uses, so migrated jobs keep the same tail.
    public static let defaultOutputLimit = 256_000

    public init(
        arguments: [String],
        environment: [String: String] = ProcessSpec.inheritedEnvironment(),
        workingDirectory: String? = nil,
        timeout: Duration? = nil,
        outputLimit: Int = ProcessSpec.defaultOutputLimit,
        stdin: [UInt8]? = nil
    ) {
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
        self.outputLimit = outputLimit
        self.stdin = stdin
    }

    /// A snapshot of this process's environment, the usual base for a child's one.
    ///
    /// When a name appears twice only the first entry counts, as with `getenv`.
    public static func inheritedEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        guard var cursor = Posix.environment() else {
            return result
        }
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if let separator = text.firstIndex(of: "="), separator != text.startIndex {
                let name = String(text[..<separator])
                if result[name] == nil {
                    result[name] = String(text[text.index(after: separator)...])
                }
            }
            cursor += 1
        }
        return result
    }
}
