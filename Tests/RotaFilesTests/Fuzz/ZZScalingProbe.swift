import Foundation
import Testing
import RotaFiles

@Suite struct ZZScalingProbe {
    func time(_ label: String, _ text: String) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = WorkflowFileLoader.parse(text: text, file: "x")
        var summary = "ok"
        if case .failure(let e) = result { summary = "\(e.problems.count) problems: " + String(e.problems.first?.message.prefix(80) ?? "") }
        print("PROBE \(label) bytes=\(text.utf8.count) \(clock.now - start) \(summary)")
    }

    @Test func probe() {
        for n in [1000, 4000] {
            for variant in ["refs", "rootRefs", "unknownUp", "unknownRefs", "params"] {
                var text = "id: many\n"
                if variant == "params" { text += "params:\n" + (0..<n).map { "  p\($0): x" }.joined(separator: "\n") + "\n" }
                text += "tasks:\n"
                for i in 0..<n {
                    let p = max(i - 1, 0)
                    switch variant {
                    case "refs": text += "  - id: t\(i)\n    command: echo {{ tasks.t\(p).result }}\n" + (i > 0 ? "    upstream: [t\(p)]\n" : "")
                    case "rootRefs": text += "  - id: t\(i)\n    command: echo {{ tasks.t0.result }}\n" + (i > 0 ? "    upstream: [t\(p)]\n" : "")
                    case "unknownUp": text += "  - id: t\(i)\n    command: echo x\n    upstream: [u\(i)]\n"
                    case "params": text += "  - id: t\(i)\n    command: echo {{ params.p\(i) }} {{ params.q\(i) }}\n"
                    default: text += "  - id: t\(i)\n    command: echo {{ tasks.t\(i + 1).result }}\n" + (i > 0 ? "    upstream: [t\(p)]\n" : "")
                    }
                }
                time("\(variant) \(n)", text)
            }
        }
        for n in [100_000, 400_000] {
            time("tz", "id: a\ntimezone: " + String(repeating: "x", count: n) + "\ntasks: [{id: a, command: x}]\n")
            time("root", "id: a\ntasks: [{id: a, command: \"{{ " + String(repeating: "x", count: n) + " }}\"}]\n")
            time("upstreamLong", "id: a\ntasks: [{id: a, command: x}, {id: b, command: x, upstream: [" + String(repeating: "a", count: n) + "]}]\n")
        }
        for n in [500, 2_000] {
            let key = String(repeating: "k", count: 1_000_000)
            time("wideExplicit \(n)", "id: a\ntasks: [{id: a, command: x}]\n? " + key + "\n: [" + (0..<n).map { "c\($0)" }.joined(separator: ", ") + "]\n")
        }
    }
}
