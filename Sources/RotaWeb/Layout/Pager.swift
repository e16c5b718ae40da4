/// Server-side pagination: every list holds one page, so pages stay fast with 100,000 runs.
public struct Pager: Sendable {
    public var offset: Int
    public var limit: Int
    public var total: Int

    public init(offset: Int, limit: Int, total: Int) {
        self.offset = max(0, offset)
        self.limit = max(1, limit)
        self.total = total
    }

    public func render(base: String, query: [String: String]) -> HTML {
        guard total > limit || offset > 0 else {
            return "<div class=\"pager\">\(total) in all</div>"
        }
        let first = total == 0 ? 0 : offset + 1
        let last = min(offset + limit, total)
        var html: HTML = "<div class=\"pager\"><span>\(first)–\(last) of \(total)</span>"
        if offset > 0 {
            html += "<a class=\"btn small\" rel=\"prev\" href=\"\(WebURL.page(base, query: query, offset: max(0, offset - limit)))\">← Previous</a>"
        }
        if last < total {
            html += "<a class=\"btn small\" rel=\"next\" href=\"\(WebURL.page(base, query: query, offset: offset + limit))\">Next →</a>"
        }
        return html + "</div>"
    }
}
