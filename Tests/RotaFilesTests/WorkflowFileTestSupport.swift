import Foundation
import RotaCore
import RotaFiles

/// Paths of the repository and helpers shared by the workflow file tests.
enum WorkflowFileTestSupport {
    /// The package root: three levels up from this file (Tests/RotaFilesTests/<file>).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Every problem of `text` as `file:line: field: message`, or [] when it loads.
    static func problems(_ text: String) -> [String] {
        switch WorkflowFileLoader.parse(text: text, file: "w.yaml") {
        case .success: return []
        case .failure(let errors): return errors.messages
        }
    }

    /// The problems of a minimal valid workflow with `tasks` (YAML list items) and `extra` top-level lines.
    static func problems(tasks: String, extra: String = "") -> [String] {
        problems("id: w\n" + extra + "tasks:\n" + tasks)
    }

    static func load(_ text: String) throws -> WorkflowDefinition {
        try WorkflowFileLoader.parse(text: text, file: "w.yaml").get()
    }
}
