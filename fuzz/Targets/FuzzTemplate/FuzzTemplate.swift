import Foundation
import RotaCore

// The libFuzzer callback: the input up to the first NUL byte is a template, the rest is the value every
// param and conf key holds. Contract: checking and rendering never fail or trap, and a bare
// template rendered in shell mode is exactly one single-quoted word holding the value.

private let when = Date(timeIntervalSince1970: 1_767_225_600)

func fuzzTemplate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let split = bytes.firstIndex(of: 0) ?? size
    let template = String(decoding: bytes[..<split], as: UTF8.self)
    let value = split < size ? String(decoding: bytes[(split + 1)...], as: UTF8.self) : "v'a\"l"
    let context = TemplateContext(
        dagId: "fuzz", taskId: "t", runId: "manual__fuzz", logicalDate: when, runAfter: when,
        params: ["p": .string(value), "n": .array([.string(value), .number(1)])],
        conf: ["k": .string(value)], taskResults: ["a": .object(["r": .string(value)])])
    _ = TemplateChecker.check(template, params: ["p", "n"], tasks: ["a"], mode: .shell)
    _ = TemplateChecker.taskReferences(in: template)
    _ = Template.render(template, context: context, mode: .raw)
    _ = Template.render(template, context: context, mode: .shell)
    let word = Template.render("{{ params.p }}", context: context, mode: .shell)
    precondition(singleQuotedWord(word) == value, "shell mode left its quoting for \(value.debugDescription)")
    return 0
}

/// The value of a word made only of single-quoted strings and `\'`, read scalar by scalar as
/// `sh` reads bytes (a combining mark after a quote must not hide it); nil for any other shape.
private func singleQuotedWord(_ word: String) -> String? {
    var out = String.UnicodeScalarView()
    var scalars = word.unicodeScalars[...]
    while let first = scalars.popFirst() {
        if first == "'" {
            guard let close = scalars.firstIndex(of: "'") else { return nil }
            out.append(contentsOf: scalars[..<close])
            scalars = scalars[scalars.index(after: close)...]
        } else if first == "\\", scalars.first == "'" {
            out.append("'")
            scalars = scalars.dropFirst()
        } else {
            return nil
        }
    }
    return String(out)
}
