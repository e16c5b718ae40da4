import Foundation
import RotaCore
import Testing

/// `HeapTrim` gives memory freed in the middle of the heap back to the kernel, which glibc's
/// `free` alone does not.
@Suite("Heap trim")
struct HeapTrimTests {
    /// Resident anonymous memory of this process, in KiB (`RssAnon` in /proc/self/status).
    static func residentAnonymousKiB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("RssAnon:") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }

    @Test func memoryFreedBelowALiveBlockIsReturnedByATrim() throws {
        try #require(HeapTrim.isAvailable)
        // 64 MiB in 4 KiB blocks (below glibc's mmap threshold: they come from the heap), then
        // one block kept above them, so freeing the rest leaves a hole `free` cannot trim.
        let count = 16_384
        var blocks: [UnsafeMutableRawPointer] = (0..<count).map { _ in
            let block = malloc(4_096)!
            memset(block, 1, 4_096)
            return block
        }
        let keeper = malloc(4_096)!
        memset(keeper, 1, 4_096)
        for block in blocks { free(block) }
        blocks.removeAll()
        let before = try Self.residentAnonymousKiB()
        #expect(HeapTrim.trim())
        let after = try Self.residentAnonymousKiB()
        free(keeper)
        #expect(before - after > 32 * 1_024, "RssAnon \(before) KiB before the trim, \(after) KiB after")
    }
}
