import Crypto
import Foundation

/// A browser session as a signed cookie: `v1.<token id>.<expiry>.<csrf>.<HMAC>`.
///
/// Stateless, so every server of a cluster accepts it (the key lives in the shared Store), and
/// tied to the token it was opened with: revoking the token ends its sessions. The CSRF value
/// inside is echoed by the page's script in `X-CSRF-Token`; a forged cross-site request cannot
/// read it (and `SameSite=Strict` keeps the cookie off such requests in the first place).
struct SessionCookie: Equatable {
    static let name = "rota_session"

    var tokenId: Int64
    var expires: Date
    var csrf: String

    static func newCSRF() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<18).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    func encode(key: SymmetricKey) -> String {
        let payload = "v1.\(tokenId).\(Int64(expires.timeIntervalSince1970)).\(csrf)"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: key)
        return payload + "." + Base64URL.encode(Data(mac))
    }

    /// The session in `text` when its signature holds and it has not expired.
    static func decode(_ text: String, key: SymmetricKey, now: Date) -> SessionCookie? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "v1", let id = Int64(parts[1]), let expiry = Int64(parts[2]),
              let mac = Base64URL.decode(parts[4]) else { return nil }
        let payload = parts[0...3].joined(separator: ".")
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data(payload.utf8), using: key) else { return nil }
        let expires = Date(timeIntervalSince1970: Double(expiry))
        guard expires > now else { return nil }
        return SessionCookie(tokenId: id, expires: expires, csrf: String(parts[3]))
    }

    /// The `Set-Cookie` value; `secure` when the server speaks TLS.
    func header(value: String, secure: Bool, now: Date) -> String {
        let age = max(0, Int(expires.timeIntervalSince(now)))
        return "\(Self.name)=\(value); Path=/; Max-Age=\(age); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    static func clearing(secure: Bool) -> String {
        "\(name)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }
}
