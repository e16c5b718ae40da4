import RotaCore

/// Who is making the current request, set by `AuthMiddleware` for the handlers below it (the UI
/// uses it to show only the controls the caller may use).
public struct Principal: Sendable, Equatable {
    public var name: String
    public var role: Role
    /// The CSRF token of a browser session (nil for bearer tokens, which need none).
    public var csrf: String?
    /// False when auth is off: everyone is an anonymous admin on a loopback-only server.
    public var authenticated: Bool

    public static let anonymous = Principal(name: "anonymous", role: .admin, csrf: nil, authenticated: false)

    @TaskLocal public static var current: Principal = .anonymous
}
