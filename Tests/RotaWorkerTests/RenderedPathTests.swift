import Foundation
import RotaCore
import RotaWorker
import Testing

/// Paths are checked again on the worker, after templates are rendered: a value that climbs out of
/// a folder fails the attempt without running anything.
@Suite("Rendered paths on the worker")
struct RenderedPathTests {
    /// A `cwd` with a `..` component or a NUL byte fails the attempt before the process starts.
    @Test func aCwdThatClimbsOutOfItsFolderFailsWithoutRunning() async throws {
        let marker = NSTemporaryDirectory() + "rota-cwd-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: marker) }
        for cwd in ["/tmp/../tmp", "/tmp/x\u{0}"] {
            let spec = TaskSpec(executor: "shell", config: ["command": "touch \(marker)", "shell": "true", "cwd": cwd])
            let output = OutputCollector(limit: 4096)
            let result = await ShellExecutor().execute(ExecutionRequest(workflow: "w", taskId: "t", attempt: 1, spec: spec), output: output)
            #expect(!result.succeeded)
            #expect(result.reason.hasPrefix("executor_config.cwd: "), "\(result.reason)")
            #expect(!FileManager.default.fileExists(atPath: marker))
        }
        let fine = TaskSpec(executor: "shell", config: ["command": "true", "cwd": NSTemporaryDirectory()])
        let result = await ShellExecutor().execute(ExecutionRequest(workflow: "w", taskId: "t", attempt: 1, spec: fine),
                                                   output: OutputCollector(limit: 4096))
        #expect(result.succeeded, "\(result.reason)")
    }
}
