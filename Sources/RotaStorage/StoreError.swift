/// A failure talking to the database, kept apart from `RotaError` (bad input) because the
/// remedies differ: retry, check the connection, or run `rota db migrate`.
///
/// `description` never includes bound values: they may hold secrets or user data.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
