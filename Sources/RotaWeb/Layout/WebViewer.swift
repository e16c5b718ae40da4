/// Who is looking at a page, so a page renders only the controls its viewer may use (a viewer
/// sees no trigger buttons). The server refuses forbidden actions anyway; this only keeps the
/// page honest. Set by the HTTP layer around each page's rendering.
public struct WebViewer: Sendable, Equatable {
    public var name: String
    /// False when auth is off (everyone is an anonymous admin on a loopback server).
    public var authenticated: Bool
    public var canOperate: Bool
    public var canAdminister: Bool
    /// The browser session's CSRF token, echoed by the script on every change.
    public var csrf: String?

    public init(name: String, authenticated: Bool, canOperate: Bool, canAdminister: Bool, csrf: String?) {
        self.name = name
        self.authenticated = authenticated
        self.canOperate = canOperate
        self.canAdminister = canAdminister
        self.csrf = csrf
    }

    public static let open = WebViewer(name: "anonymous", authenticated: false, canOperate: true, canAdminister: true, csrf: nil)

    @TaskLocal public static var current: WebViewer = .open

    /// `html` when the viewer may operate (trigger, run, clear, pause), else nothing.
    public static func operate(_ html: @autoclosure () -> HTML) -> HTML { current.canOperate ? html() : .empty }
    /// `html` when the viewer may change what runs (create, edit, delete), else nothing.
    public static func administer(_ html: @autoclosure () -> HTML) -> HTML { current.canAdminister ? html() : .empty }
}
