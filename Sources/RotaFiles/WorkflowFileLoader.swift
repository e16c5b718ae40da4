import Foundation
import RotaCore

/// Reads workflow (DAG) files: YAML in the format described in `docs/workflows.md`.
///
/// Every problem is reported, each with its file, line and field, so a file is fixed in one round.
/// A file that loads is valid as a whole: ids, schedule, zone, durations, executors, params,
/// templates, upstream references and the absence of cycles are all checked here, before anything
/// is stored or run.
public enum WorkflowFileLoader {
    /// Files larger than this are refused unread (a workflow of a thousand tasks is ~200 KB).
    public static let maxFileSize = 4 << 20

    /// Reads and validates the workflow file at `path`.
    public static func load(path: String) -> Result<WorkflowDefinition, WorkflowFileErrors> {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > maxFileSize {
            return .failure(fileProblem(path, "larger than \(maxFileSize >> 20) MiB"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(fileProblem(path, "cannot read the file"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(fileProblem(path, "not UTF-8 text"))
        }
        return parse(text: text, file: path)
    }

    /// Validates workflow text; `file` names it in problems.
    public static func parse(text: String, file: String) -> Result<WorkflowDefinition, WorkflowFileErrors> {
        if text.utf8.count > maxFileSize { return .failure(fileProblem(file, "larger than \(maxFileSize >> 20) MiB")) }
        var reader = DocumentReader()
        let document: JSONValue
        switch reader.parse(text) {
        case .success(let value):
            document = value
        case .failure(let failure):
            return .failure(WorkflowFileErrors(failure.problems.map {
                WorkflowFileProblem(file: file, line: $0.line, field: nil, message: $0.message)
            }))
        }
        var decoder = WorkflowFileDecoder(file: file, lines: reader.lines, keyOrder: reader.keyOrder)
        let workflow = decoder.decodeWorkflow(document)
        if decoder.problems.isEmpty, let workflow { return .success(workflow) }
        let ordered = decoder.problems.enumerated().sorted {
            ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset)
        }.map(\.element)
        return .failure(WorkflowFileErrors(ordered))
    }

    /// Every workflow file directly inside `folder` (`*.yaml`, `*.yml`), sorted by name; none when
    /// the folder is missing.
    public static func files(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    private static func fileProblem(_ file: String, _ message: String) -> WorkflowFileErrors {
        WorkflowFileErrors([WorkflowFileProblem(file: file, line: nil, field: nil, message: message)])
    }
}
