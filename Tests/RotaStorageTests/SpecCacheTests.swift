import Foundation
import RotaCore
import Testing
@testable import RotaStorage

/// Cached specs are exactly what decoding gives, and bad text is still refused every time.
@Suite("Spec cache")
struct SpecCacheTests {
    @Test func aCachedSpecEqualsAFreshDecodeAndDifferentTextsStayApart() throws {
        let one = TaskSpec(executor: "shell", config: ["command": "echo 1"], environment: ["A": "1"], templated: true)
        let two = TaskSpec(executor: "shell", config: ["command": "echo 2"])
        let texts = try [one, two].map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        for _ in 0..<3 {
            #expect(try SpecCache.decode(texts[0]) == one)
            #expect(try SpecCache.decode(texts[1]) == two)
        }
    }

    @Test func unreadableTextThrowsEachTime() {
        for _ in 0..<2 {
            #expect(throws: (any Error).self) { try SpecCache.decode(#"{"executor": "shell"}"#) }
        }
    }
}
