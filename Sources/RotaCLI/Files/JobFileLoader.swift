import Foundation
import RotaCore
import RotaFiles

/// Reads Dkron job definitions from `*.json`, `*.yaml` and `*.yml` files: one job or an array of
/// jobs per file. Errors name the file, the line and the field.
enum JobFileLoader {
    /// - Throws: `RotaError.invalidInput` as `file:line: field: message`.
    static func load(file: String) throws(RotaError) -> [JobDefinition] {
        let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int ?? 0
        if size > WorkflowFileLoader.maxFileSize { throw .invalid("\(file): larger than \(WorkflowFileLoader.maxFileSize >> 20) MiB") }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw .invalid("\(file): cannot read the file")
        }
        var reader = DocumentReader()
        let document = try reader.read(text, file: file)
        let items: [(JSONValue, String)]
        if case .array(let array) = document {
            items = array.enumerated().map { ($1, "[\($0)].") }
        } else {
            items = [(document, "")]
        }
        var jobs: [JobDefinition] = []
        for (item, prefix) in items {
            do {
                jobs.append(try JobDefinition.parse(item))
            } catch {
                let line = reader.line(forMessage: error.message, prefix: prefix) ?? reader.lines[String(prefix.dropLast())]
                let position = line.map { ":\($0)" } ?? ""
                throw .invalid("\(file)\(position): \(error.message)")
            }
        }
        return jobs
    }

    /// Every job file directly inside `folder`, sorted by name (none when the folder is missing).
    static func files(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { [".json", ".yaml", ".yml"].contains(where: $0.hasSuffix) }.sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }
}
