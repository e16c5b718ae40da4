/// The login page: an API token opens a browser session (a signed, HttpOnly, SameSite=Strict
/// cookie). Tokens are made by an admin with `rota tokens create`, so there are no passwords to
/// store or reset.
public struct LoginPage: Sendable {
    public var next: String
    public var authEnabled: Bool

    public init(next: String, authEnabled: Bool) {
        self.next = next
        self.authEnabled = authEnabled
    }

    public func render() -> WebPage {
        guard authEnabled else {
            return WebPage(title: "Log in", section: nil, body: """
                <h1>Log in</h1><p>Authentication is off: this server listens on a loopback address and everyone on this
                machine is an admin. Start it with <span class="mono">--auth</span> to require tokens.</p><p><a href="/">Overview</a></p>
                """)
        }
        // Only local paths: never redirect to another site after login.
        let target = next.hasPrefix("/") && !next.hasPrefix("//") ? next : "/"
        return WebPage(title: "Log in", section: nil, body: """
            <h1>Log in</h1>
            <form id="login-form" class="edit panel" data-next="\(target)" autocomplete="off">
            <label>API token <span class="hint">an admin creates one with <span class="mono">rota tokens create --name you --role viewer</span></span></label>
            <input type="password" name="token" id="token" required placeholder="rota_…" style="width:100%">
            <div class="actions"><button class="btn primary" type="submit" id="login">Log in</button></div></form>
            """)
    }
}
