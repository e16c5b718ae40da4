import Foundation
import FuzzSupport
import RotaCore
import RotaFiles

// The libFuzzer callback: any bytes are a workflow file. Contract: `WorkflowFileLoader.parse`
// returns a workflow or at least one problem, each with a message, and never traps, recurses off
// the stack or blows up (aliases, deep nesting); a workflow that loads is valid as a whole.

func fuzzWorkflow(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    switch WorkflowFileLoader.parse(text: text, file: "fuzz.yaml") {
    case .success(let workflow):
        let ids = workflow.tasks.map(\.id)
        check(!workflow.id.isEmpty && !ids.isEmpty && !ids.contains(""), "loaded a workflow without an id or tasks")
        check(Set(ids).count == ids.count, "loaded repeated task ids \(ids)")
        check(workflow.tasks.allSatisfy { $0.upstream.allSatisfy(ids.contains) }, "loaded an unknown upstream")
        check(DagGraph(workflow.tasks.map { ($0.id, $0.upstream) }).firstCycle() == nil, "loaded a cycle")
        if let schedule = workflow.schedule {
            check((try? Schedule.parse(schedule, jobName: workflow.id)) != nil, "loaded schedule \(schedule) does not parse")
        }
    case .failure(let errors):
        check(!errors.problems.isEmpty, "failed without a problem")
        check(errors.problems.allSatisfy { !$0.message.isEmpty }, "a problem without a message")
    }
    return 0
}
