/// Why an RPC call was refused; the HTTP layer maps these to 404 and 400.
public enum LuigiError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not one of luigi 3.8.1's `RPC_METHODS` (luigid answers 404).
    case unknownMethod(String)
    /// A missing required argument, a value of the wrong type, or `data` that is not a JSON object.
    case badArguments(String)

    public var description: String {
        switch self {
        case .unknownMethod(let name): return "unknown luigi RPC method \"\(name)\""
        case .badArguments(let message): return message
        }
    }
}
