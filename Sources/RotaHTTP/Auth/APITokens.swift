import Crypto
import Foundation

/// API tokens: 32 random bytes, shown once, stored as a SHA-256 digest.
///
/// A plain digest (no salt, no slow hash) is right here: the token is random with 256 bits of
/// entropy, so there is nothing to brute-force, and lookup by digest stays one indexed read.
public enum APITokens {
    public static let scheme = "rota_"

    /// A new token: `rota_` and 43 base64url characters.
    public static func generate() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: .min ... .max, using: &generator) }
        return scheme + Base64URL.encode(bytes)
    }

    public static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// What `rota tokens list` shows of a token.
    public static func prefix(_ token: String) -> String { String(token.prefix(scheme.count + 6)) }
}

enum Base64URL {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: some StringProtocol) -> Data? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s)
    }
}
