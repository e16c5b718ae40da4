import RotaCore

/// Pools (Airflow's): slots, what holds them and what waits for them; edit slots in place.
public struct PoolsPage: Sendable {
    public var pools: [PoolRecord]
    public init(pools: [PoolRecord]) { self.pools = pools }

    public func render() -> WebPage {
        let rows = pools.map { p -> HTML in
            let api = "/api/v2/pools/\(WebURL.segment(p.name))"
            return """
            <tr><td>\(p.name)</td><td>\(p.slots)</td><td>\(p.occupiedSlots)</td><td>\(p.queuedSlots)</td><td>\(p.openSlots)</td>
            <td class="muted">\(p.description)</td>
            <td class="actions">\(WebViewer.administer("""
            <button class="btn small" data-method="PATCH" data-action="\(api)" data-body='{"slots": \(p.slots + 1)}'>+1 slot</button>
            <button class="btn small" data-method="PATCH" data-action="\(api)" data-body='{"slots": \(max(0, p.slots - 1))}'>−1 slot</button>
            \(p.name == "default_pool" ? HTML.empty : HTML("<button class=\"btn small danger\" data-method=\"DELETE\" data-action=\"\(api)\" data-confirm=\"Delete pool \(p.name)?\">Delete</button>"))
            """))</td></tr>
            """
        }
        let table: HTML = pools.isEmpty ? "<p class=\"empty\">No pools.</p>"
            : "<table class=\"list\"><tr><th>Pool</th><th>Slots</th><th>Running</th><th>Queued</th><th>Open</th><th>Description</th><th></th></tr>\(rows)</table>"
        let body: HTML = """
        <h1>Pools</h1><p class="muted">A task that names a pool runs only while the pool has open slots. Create pools with
        <span class="mono">POST /api/v2/pools</span> or a workflow file's tasks naming them.</p>
        <div id="pools" data-refresh="4000">\(table)</div>
        """
        return WebPage(title: "Pools", section: .pools, body: body)
    }
}
