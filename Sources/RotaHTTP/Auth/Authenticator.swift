import Crypto
import Foundation
import HTTPTypes
import RotaCore
import RotaStorage
import Synchronization

/// Turns a request's bearer token or session cookie into a `Principal`, with a short cache so a
/// busy API does not read the token table on every request. A revoked token stops working
/// within `cacheTTL` on every server.
public final class Authenticator: Sendable {
    let store: any AuthStore
    let key: SymmetricKey
    let sessionTTL: TimeInterval
    let cacheTTL: TimeInterval = 5
    /// Mark the session cookie `Secure` (the server speaks TLS).
    let secureCookies: Bool
    private let cache = Mutex<[String: (token: TokenRecord?, at: Date)]>([:])

    static let secretSetting = "session_secret"

    init(store: any AuthStore, key: SymmetricKey, sessionTTL: TimeInterval, secureCookies: Bool) {
        self.store = store
        self.key = key
        self.sessionTTL = sessionTTL
        self.secureCookies = secureCookies
    }

    /// Loads (or creates, on first start) the key that signs session cookies, kept in the Store so
    /// every server of a cluster shares it.
    public static func make(store: any Store & AuthStore, secureCookies: Bool = false,
                            sessionTTL: TimeInterval = 12 * 3600) async throws -> Authenticator {
        var secret = try await store.settingGet(secretSetting)
        if secret == nil {
            var generator = SystemRandomNumberGenerator()
            let fresh = Base64URL.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
            try await store.settingSet(secretSetting, fresh)
            secret = try await store.settingGet(secretSetting)
        }
        guard let secret, let bytes = Base64URL.decode(secret), bytes.count >= 32 else {
            throw RotaError(.internalError, "the session key in the settings table is malformed; delete the \(secretSetting) row to make a new one")
        }
        return Authenticator(store: store, key: SymmetricKey(data: bytes), sessionTTL: sessionTTL, secureCookies: secureCookies)
    }

    /// The caller, or nil when the request carries no valid credential.
    func identify(_ headers: HTTPFields, now: Date) async throws -> Principal? {
        if let value = headers[.authorization] {
            let parts = value.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            var secret = String(parts[1])
            switch parts[0].lowercased() {
            case "bearer": break
            case "basic":
                // For clients that can only do basic auth (luigi workers): the password is the token.
                guard let decoded = Data(base64Encoded: secret).map({ String(decoding: $0, as: UTF8.self) }),
                      let colon = decoded.firstIndex(of: ":") else { return nil }
                secret = String(decoded[decoded.index(after: colon)...])
            default: return nil
            }
            guard let token = try await token(digest: APITokens.digest(secret), now: now) else { return nil }
            return Principal(name: token.name, role: token.role, csrf: nil, authenticated: true)
        }
        guard let cookie = Self.cookie(SessionCookie.name, in: headers),
              let session = SessionCookie.decode(cookie, key: key, now: now),
              let token = try await token(id: session.tokenId, now: now) else { return nil }
        return Principal(name: token.name, role: token.role, csrf: session.csrf, authenticated: true)
    }

    /// Opens a browser session for a token given at the login page.
    func login(token text: String, now: Date) async throws -> (token: TokenRecord, setCookie: String)? {
        guard let token = try await token(digest: APITokens.digest(text), now: now) else { return nil }
        let session = SessionCookie(tokenId: token.id, expires: now.addingTimeInterval(sessionTTL), csrf: SessionCookie.newCSRF())
        return (token, session.header(value: session.encode(key: key), secure: secureCookies, now: now))
    }

    private func token(digest: String, now: Date) async throws -> TokenRecord? {
        if let hit = cache.withLock({ $0[digest] }), now.timeIntervalSince(hit.at) < cacheTTL {
            return hit.token.flatMap { $0.isActive(at: now) ? $0 : nil }
        }
        let token = try await store.tokenFind(digest: digest)
        cache.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[digest] = (token, now)
        }
        if let token, token.isActive(at: now) {
            try? await store.tokenTouch(id: token.id, now: now)
            return token
        }
        return nil
    }

    private func token(id: Int64, now: Date) async throws -> TokenRecord? {
        let key = "#\(id)"
        if let hit = cache.withLock({ $0[key] }), now.timeIntervalSince(hit.at) < cacheTTL {
            return hit.token.flatMap { $0.isActive(at: now) ? $0 : nil }
        }
        let token = try await store.tokenGet(id: id)
        cache.withLock { $0[key] = (token, now) }
        return token.flatMap { $0.isActive(at: now) ? $0 : nil }
    }

    static func cookie(_ name: String, in headers: HTTPFields) -> String? {
        for field in headers[values: .cookie] {
            for pair in field.split(separator: ";") {
                let kv = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0] == name { return String(kv[1]) }
            }
        }
        return nil
    }
}
