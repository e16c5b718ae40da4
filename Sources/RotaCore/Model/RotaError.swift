/// The error users see, from the CLI or over HTTP.
///
/// A code (what kind of failure, extensible without breaking callers) plus a message written for a
/// person: what was wrong and, where possible, how to fix it. HTTP maps the code to a status
/// (`invalidInput` → 400, `notFound` → 404, …); the CLI prints the message.
public struct RotaError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidInput, notFound, conflict, unavailable, paused, internalError
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The request or file is malformed or fails validation.
        public static let invalidInput = Code(.invalidInput)
        /// The named object does not exist.
        public static let notFound = Code(.notFound)
        /// The request conflicts with the current state (for example a duplicate).
        public static let conflict = Code(.conflict)
        /// A dependency (the database) cannot be reached right now.
        public static let unavailable = Code(.unavailable)
        /// Job submissions are paused (Dkron's `/v1/pause`).
        public static let paused = Code(.paused)
        public static let internalError = Code(.internalError)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public static func invalid(_ message: String) -> RotaError { RotaError(.invalidInput, message) }
    public static func notFound(_ message: String) -> RotaError { RotaError(.notFound, message) }

    public var description: String { message }
}
