import Foundation
import RotaCore
import RotaFiles

// The libFuzzer callback: any bytes are a workflow file. Contract: `WorkflowFileLoader.parse` returns a
// workflow or at least one problem, each with a message, and never traps, recurses off the stack
// or blows up (aliases, deep nesting).

func fuzzWorkflow(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    switch WorkflowFileLoader.parse(text: text, file: "fuzz.yaml") {
    case .success(let workflow):
        precondition(!workflow.id.isEmpty && !workflow.tasks.isEmpty, "loaded a workflow without an id or tasks")
    case .failure(let errors):
        precondition(!errors.problems.isEmpty, "failed without a problem")
        precondition(errors.problems.allSatisfy { !$0.message.isEmpty }, "a problem without a message")
    }
    return 0
}
