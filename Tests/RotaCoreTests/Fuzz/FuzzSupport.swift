import Foundation
import RotaTesting
import Testing

/// How long the seeded fuzz tests run and from which seed.
///
/// A normal `swift test` runs each target's short default; a long run sets the environment:
/// `ROTA_FUZZ_ITERATIONS=1000000 swift test --filter Fuzz` (and `ROTA_FUZZ_SEED=<n>` for another
/// stream). Every iteration draws from its own generator seeded by (seed, target, iteration), so a
/// failure report names all that is needed to replay exactly that input.
enum FuzzRun {
    static let defaultSeed: UInt64 = 0x5EED_0F_F022

    static let seed: UInt64 = {
        guard let text = ProcessInfo.processInfo.environment["ROTA_FUZZ_SEED"] else { return defaultSeed }
        if text.hasPrefix("0x") { return UInt64(text.dropFirst(2), radix: 16) ?? defaultSeed }
        return UInt64(text) ?? defaultSeed
    }()

    /// `ROTA_FUZZ_ITERATIONS` when set, else the target's short default.
    static func iterations(default count: Int) -> Int {
        guard let text = ProcessInfo.processInfo.environment["ROTA_FUZZ_ITERATIONS"], let value = Int(text), value > 0
        else { return count }
        return value
    }

    /// The generator for one iteration of one target.
    static func random(target: String, iteration: Int) -> FuzzRandom {
        let name = target.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        var mixer = FuzzRandom(seed: seed ^ name)
        for _ in 0..<2 { _ = mixer.next() }
        return FuzzRandom(seed: mixer.next() &+ UInt64(iteration) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// Runs `body` for every iteration, stopping once 20 findings are recorded so one bug does not
    /// flood the report.
    static func forEachIteration(target: String, default count: Int, _ body: (inout FuzzCase) -> Void) {
        var findings = 0
        for iteration in 0..<iterations(default: count) {
            var fuzzCase = FuzzCase(random: random(target: target, iteration: iteration),
                                    origin: "[ROTA_FUZZ_SEED=\(seed) \(target) #\(iteration)]")
            body(&fuzzCase)
            findings += fuzzCase.findings
            if findings >= 20 {
                Issue.record("\(target): stopped after \(findings) findings")
                return
            }
        }
    }

    /// Runs `body` and returns how long it took.
    static func timed<T>(_ body: () throws -> T) rethrows -> (value: T, elapsed: Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try body()
        return (value, clock.now - start)
    }

    /// With `ROTA_FUZZ_TRACE=1` every input is written to standard error before it is tried: a
    /// crash ends the test process before it can report, and the last line is then the culprit.
    static let tracing = ProcessInfo.processInfo.environment["ROTA_FUZZ_TRACE"] == "1"

    /// Longest a single input may take in a debug build on a loaded two-core machine before it
    /// counts as a hang or a super-linear blow-up; real inputs take well under a millisecond.
    static let slowInput: Duration = .seconds(2)
}

/// One iteration: its generator, and its findings, each recorded with where the input came from.
struct FuzzCase {
    var random: FuzzRandom
    let origin: String
    private(set) var findings = 0

    mutating func fail(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        findings += 1
        Issue.record("\(origin) \(message)", sourceLocation: sourceLocation)
    }

    /// Writes `input` to standard error when `ROTA_FUZZ_TRACE=1`.
    func trace(_ input: String) {
        guard FuzzRun.tracing else { return }
        FileHandle.standardError.write(Data("\(origin) \(input.debugDescription)\n".utf8))
    }

    mutating func check(_ condition: Bool, _ message: @autoclosure () -> String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        if !condition { fail(message(), sourceLocation: sourceLocation) }
    }

    /// Runs `body`, failing when it takes longer than `FuzzRun.slowInput`.
    mutating func timed<T>(_ what: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation,
                           _ body: () throws -> T) rethrows -> T {
        let (value, elapsed) = try FuzzRun.timed(body)
        if elapsed > FuzzRun.slowInput { fail("took \(elapsed): \(what())", sourceLocation: sourceLocation) }
        return value
    }
}

/// Byte-level damage to valid inputs, the way libFuzzer mutates: the grammar generators reach the
/// deep paths, the mutations reach the error paths next to them.
enum FuzzMutator {
    /// Tokens that tend to matter to any text parser.
    static let generic = [
        "", " ", "\t", "\n", "\r\n", "\u{0}", "0", "-", "+", "-1", "1", "00", "9", "99", "999999999999999999999999",
        "18446744073709551616", "9223372036854775807", "9223372036854775808", ".", ",", ":", "/", "*", "?", "~",
        "@", "\"", "'", "\\", "{", "}", "[", "]", "é", "\u{301}", "µ", "\u{3BC}", "\u{FEFF}", "\u{200D}", "🙂",
        "\u{FFFD}", "\u{10FFFF}",
    ]

    /// `text` after one to `maxRounds` random edits, drawing tokens from `tokens` and `generic`.
    static func mutate(_ text: String, tokens: [String], maxRounds: Int = 4, using random: inout FuzzRandom) -> String {
        var bytes = Array(text.utf8)
        for _ in 0..<random.int(1...maxRounds) {
            let position = random.int(0...bytes.count)
            switch random.int(0..<9) {
            case 0 where !bytes.isEmpty:
                bytes[min(position, bytes.count - 1)] = UInt8(truncatingIfNeeded: random.next())
            case 1:
                bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
            case 2, 3:
                let token = random.chance(60) ? random.pick(tokens.isEmpty ? generic : tokens) : random.pick(generic)
                bytes.insert(contentsOf: Array(token.utf8), at: position)
            case 4 where !bytes.isEmpty:
                let start = min(position, bytes.count - 1)
                bytes.removeSubrange(start..<min(bytes.count, start + random.int(1...8)))
            case 5 where !bytes.isEmpty:
                // Repeats a short slice, sometimes many times: long lists, deep nesting, big numbers.
                let start = min(position, bytes.count - 1)
                let slice = Array(bytes[start..<min(bytes.count, start + random.int(1...6))])
                let times = random.chance(10) ? random.int(50...400) : random.int(1...4)
                bytes.insert(contentsOf: Array([[UInt8]](repeating: slice, count: times).joined()), at: start)
            case 6 where bytes.count > 1:
                let a = random.int(0..<bytes.count)
                let b = random.int(0..<bytes.count)
                bytes.swapAt(a, b)
            case 7:
                bytes.removeSubrange(min(position, bytes.count)...)
            default:
                let token = random.pick(tokens.isEmpty ? generic : tokens)
                bytes.insert(contentsOf: Array(token.utf8), at: position)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
