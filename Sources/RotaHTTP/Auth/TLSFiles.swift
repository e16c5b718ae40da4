import Foundation
import HummingbirdTLS
import RotaCore

/// The server's certificate and key (PEM files), for HTTPS without a proxy in front.
public enum TLSFiles {
    /// - Throws: `RotaError.invalidInput` naming the file that cannot be read or parsed.
    public static func load(certificate: String, key: String) throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(certificate) } catch {
            throw RotaError.invalid("\(certificate): not a readable PEM certificate (\(error))")
        }
        guard !chain.isEmpty else { throw RotaError.invalid("\(certificate): no certificate in the file") }
        let privateKey: NIOSSLPrivateKey
        do { privateKey = try NIOSSLPrivateKey(file: key, format: .pem) } catch {
            throw RotaError.invalid("\(key): not a readable PEM private key (\(error))")
        }
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
    }
}
