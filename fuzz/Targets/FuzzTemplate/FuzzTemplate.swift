import Foundation
import FuzzSupport
import RotaCore

// The libFuzzer callback: the input up to the first NUL byte is a template, the rest is the value
// every param, conf key and task result holds. Contract: checking and rendering never trap; a
// value rendered in shell mode is one word holding exactly the value; and in a command the shell
// checker accepts, every value lands inside the quotes Rota adds (ReferenceShell, shared with the
// seeded tests, reads the command as `sh` would).

private let when = Date(timeIntervalSince1970: 1_767_225_600)
private let marker: Unicode.Scalar = "\u{E000}"

private func context(_ value: String) -> TemplateContext {
    TemplateContext(
        dagId: "fuzz", taskId: "t", runId: "manual__fuzz", logicalDate: when, runAfter: when,
        params: ["p": .string(value), "n": .array([.string(value), .number(1)])],
        conf: ["k": .string(value)], taskResults: ["a": .object(["r": .string(value)])])
}

func fuzzTemplate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let split = bytes.firstIndex(of: 0) ?? size
    let template = String(decoding: bytes[..<split], as: UTF8.self)
    let value = split < size ? String(decoding: bytes[(split + 1)...], as: UTF8.self) : "v'a\"l"
    guard !template.unicodeScalars.contains(marker), !value.unicodeScalars.contains(marker) else { return 0 }
    let problems = TemplateChecker.check(template, params: ["p", "n"], tasks: ["a"], mode: .shell)
    _ = TemplateChecker.check(template, params: [], tasks: [], mode: .raw)
    _ = TemplateChecker.taskReferences(in: template)
    _ = Template.render(template, context: context(value), mode: .raw)
    _ = Template.render(template, context: context(value), mode: .shell)
    let word = Template.render("{{ params.p }}", context: context(value), mode: .shell)
    let words = ReferenceShell.read(word).words?.map { Array($0.unicodeScalars) }
    check(words == [Array(value.unicodeScalars)], "shell mode left its quoting for \(value.debugDescription)")
    if problems.isEmpty {
        let rendered = Template.render(template, context: context(String(marker)), mode: .shell)
        let contexts = ReferenceShell.read(rendered, marker: marker).markers
        check(contexts.allSatisfy { $0 == .singleQuoted },
                     "accepted \(template.debugDescription) but a value lands \(contexts) in \(rendered.debugDescription)")
    }
    return 0
}
