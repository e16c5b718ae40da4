import Foundation

/// Named secrets a task may reference as `{{ secrets.NAME }}`: read from the server's environment
/// (`ROTA_SECRET_<NAME>`) or from files in a secrets folder (one file per secret, named after it),
/// never stored in a definition and never returned by the API.
///
/// Why here and not in the definition: the definition is stored, versioned, listed over the API
/// and shown in the UI; the secret's value must live only where the server reads it and in the
/// environment of the process that needs it. Everything Rota records from a task (its output, its
/// failure reason, the UI's rendered command) goes through `mask`, which replaces each value with
/// `***`.
public struct SecretValues: Sendable, Equatable {
    private var values: [String: String]
    /// Values long enough to mask: masking a 1-3 character value would blank unrelated text.
    private var maskable: [String]

    public static let minimumMaskedLength = 4
    public static let environmentPrefix = "ROTA_SECRET_"

    public init(_ values: [String: String] = [:]) {
        self.values = values
        self.maskable = Set(values.values).filter { $0.count >= Self.minimumMaskedLength }.sorted { $0.count > $1.count }
    }

    public var names: [String] { values.keys.sorted() }
    public var isEmpty: Bool { values.isEmpty }

    /// The value of `name`, or nil when the server has no such secret (the template renders empty).
    public func value(_ name: String) -> String? { values[name] }

    /// `text` with every secret value (longest first) replaced by `***`.
    public func mask(_ text: String) -> String {
        guard !maskable.isEmpty else { return text }
        var out = text
        for secret in maskable where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: "***")
        }
        return out
    }

    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    /// Reads `ROTA_SECRET_<NAME>` variables and the files of `directory` (if it exists). A file's
    /// trailing newline is dropped. Returns the secrets and what was skipped and why.
    public static func load(environment: [String: String], directory: String?) -> (secrets: SecretValues, problems: [String]) {
        var found: [String: String] = [:]
        var problems: [String] = []
        for (key, value) in environment where key.hasPrefix(environmentPrefix) {
            let name = String(key.dropFirst(environmentPrefix.count))
            guard isValidName(name) else { problems.append("\(key): the name must be letters, digits and _"); continue }
            found[name] = value
        }
        if let directory, let files = try? FileManager.default.contentsOfDirectory(atPath: directory) {
            for file in files.sorted() where !file.hasPrefix(".") {
                let path = (directory as NSString).appendingPathComponent(file)
                guard isValidName(file) else { problems.append("\(path): a secret's file name must be letters, digits and _"); continue }
                guard let data = FileManager.default.contents(atPath: path), data.count <= 64 << 10,
                      var text = String(data: data, encoding: .utf8) else {
                    problems.append("\(path): not a readable UTF-8 file of at most 64 KiB")
                    continue
                }
                if text.hasSuffix("\n") { text.removeLast() }
                if text.hasSuffix("\r") { text.removeLast() }
                found[file] = text
            }
        }
        for (name, value) in found where value.count < minimumMaskedLength {
            problems.append("secret \(name): shorter than \(minimumMaskedLength) characters, so it cannot be masked in output")
        }
        return (SecretValues(found), problems)
    }
}
