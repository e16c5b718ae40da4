#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import RotaWorker

/// A process killed outright leaves its empty result folder behind; the next Rota removes it, and
/// nothing that may still be in use.
@Suite("Result folders")
struct ResultFolderTests {
    /// A pid that no longer runs: a child started and reaped.
    static func deadPid() throws -> pid_t {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        return child.processIdentifier
    }

    @Test func emptyFoldersOfGoneProcessesAreRemovedAndNothingElse() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("rota-rf-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let dead = try Self.deadPid()
        let gone = "rota-results-\(dead)-1", keptFile = "rota-results-\(dead)-2"
        let mine = "rota-results-\(getpid())-3", alive = "rota-results-1-4", other = "unrelated-\(dead)"
        for name in [gone, keptFile, mine, alive, other] {
            try FileManager.default.createDirectory(atPath: parent + "/" + name, withIntermediateDirectories: false)
        }
        FileManager.default.createFile(atPath: parent + "/" + keptFile + "/9.json", contents: Data("1".utf8))
        ResultFile.removeAbandonedFolders(in: parent)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: parent))
        #expect(left == [keptFile, mine, alive, other])
    }
}
