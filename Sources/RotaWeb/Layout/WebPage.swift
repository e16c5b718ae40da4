/// The shell every page shares: navigation, the node's name, the stylesheet and the script.
///
/// Why one shell: the browser suite checks every page for console errors and the screenshots show
/// every page, so they must all load the same two assets and nothing from elsewhere.
public struct WebPage: Sendable {
    public enum Section: String, Sendable, CaseIterable {
        case overview, jobs, workflows, luigi, pools, importErrors, audit

        var title: String {
            switch self {
            case .overview: return "Overview"
            case .jobs: return "Jobs"
            case .workflows: return "Workflows"
            case .pools: return "Pools"
            case .importErrors: return "Import errors"
            case .luigi: return "Luigi"
            case .audit: return "Audit"
            }
        }

        var href: String {
            switch self {
            case .overview: return "/"
            case .jobs: return "/ui/jobs"
            case .workflows: return "/ui/workflows"
            case .pools: return "/ui/pools"
            case .importErrors: return "/ui/import-errors"
            case .luigi: return "/ui/luigi"
            case .audit: return "/ui/audit"
            }
        }
    }

    public var title: String
    public var section: Section?
    public var body: HTML

    public init(title: String, section: Section?, body: HTML) {
        self.title = title
        self.section = section
        self.body = body
    }

    /// The whole document. `sections` lists the navigation entries this server offers.
    public func render(node: String, sections: [Section] = Section.allCases) -> HTML {
        let links = sections.filter { $0 != .audit || WebViewer.current.canAdminister }.map { s -> HTML in
            let active: HTML = s == section ? " class=\"active\" aria-current=\"page\"" : ""
            return "<a href=\"\(s.href)\"\(active)>\(s.title)</a>"
        }
        let viewer = WebViewer.current
        let csrf: HTML = viewer.csrf.map { "<meta name=\"csrf-token\" content=\"\($0)\">" } ?? ""
        let who: HTML = viewer.authenticated
            ? "<span class=\"node\">\(viewer.name) · node \(node) <button class=\"btn small\" id=\"logout\" data-action=\"/ui/logout\" data-then=\"go:/ui/login\">Log out</button></span>"
            : "<span class=\"node\">node \(node)</span>"
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · Rota</title><link rel="stylesheet" href="/ui/static/rota.css">\(csrf)
        <link rel="icon" href="data:,"></head>
        <body><header class="top"><a class="brand" href="/">Rota</a><nav>\(links)</nav>\(who)</header>
        <main>\(body)</main><script src="/ui/static/rota.js"></script></body></html>
        """
    }
}
