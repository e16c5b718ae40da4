import Foundation
import RotaCore
import RotaLuigi
import Testing

@Suite("luigi retries and admin actions")
struct LuigiRetryTests {
    /// A FAILED task becomes PENDING again once retry_delay has passed and the graph is pruned.
    @Test func failedTaskIsRetriedAfterRetryDelay() async throws {
        let h = Harness { $0.retryDelay = 5 }
        try await h.addTask("T_1")
        _ = try await h.work()
        try await h.addTask("T_1", status: "FAILED", extra: ["expl": .string("\"boom\"")])
        #expect(try await h.work() == nil)
        h.clock.advance(6)
        try await h.call("prune")
        #expect(try await h.work() == "T_1")
    }

    /// retry_count failures inside disable_window disable the task; re_enable_task makes it FAILED.
    @Test func excessiveFailuresDisableTheTask() async throws {
        let h = Harness { $0.retryDelay = 1 }
        let policy: JSONValue = .object(["retry_count": .number(2), "disable_window": .null, "disable_hard_timeout": .null])
        try await h.addTask("T_1", extra: ["retry_policy_dict": policy])
        for _ in 0..<2 {
            #expect(try await h.work() == "T_1")
            try await h.addTask("T_1", status: "FAILED", extra: ["retry_policy_dict": policy])
            h.clock.advance(2)
            try await h.call("prune")
        }
        #expect(try await h.status("T_1") == "DISABLED")
        let enabled = try await h.call("re_enable_task", ["task_id": .string("T_1")])
        #expect(enabled.objectValue?["status"] == .string("FAILED"))
    }

    /// fetch_error returns the explanation the worker sent, unchanged.
    @Test func fetchErrorReturnsTheExplanation() async throws {
        let h = Harness()
        try await h.addTask("T_1")
        _ = try await h.work()
        try await h.addTask("T_1", status: "FAILED", extra: ["expl": .string("\"Traceback\"")])
        let error = try await h.call("fetch_error", ["task_id": .string("T_1")])
        #expect(error.objectValue?["error"] == .string("\"Traceback\""))
        #expect(error.objectValue?["taskFamily"] == .string("T"))
    }

    /// forgive_failures turns FAILED into PENDING at once; mark_as_done makes it DONE.
    @Test func forgiveAndMarkAsDone() async throws {
        let h = Harness()
        try await h.addTask("T_1")
        _ = try await h.work()
        try await h.addTask("T_1", status: "FAILED")
        #expect(try await h.call("forgive_failures", ["task_id": .string("T_1")]).objectValue?["status"] == .string("PENDING"))
        _ = try await h.work()
        #expect(try await h.call("mark_as_done", ["task_id": .string("T_1")]).objectValue?["status"] == .string("DONE"))
        #expect(try await h.call("mark_as_done", ["task_id": .string("Nope_1")]).objectValue?["status"] == .null)
    }

    /// Status message, progress and tracking URL are kept and read back.
    @Test func statusMessageProgressAndTrackingURL() async throws {
        let h = Harness()
        try await h.addTask("T_1")
        _ = try await h.work()
        try await h.call("set_task_status_message", ["task_id": .string("T_1"), "status_message": .string("half")])
        try await h.call("set_task_progress_percentage", ["task_id": .string("T_1"), "progress_percentage": .number(50)])
        try await h.addTask("T_1", status: "RUNNING", extra: ["tracking_url": .string("http://x/1")])
        #expect(try await h.call("get_task_status_message", ["task_id": .string("T_1")]).objectValue?["statusMessage"] == .string("half"))
        #expect(try await h.call("get_task_progress_percentage", ["task_id": .string("T_1")]).objectValue?["progressPercentage"] == .number(50))
        let list = try await h.call("task_list", ["status": .string("RUNNING")])
        #expect(list.objectValue?["T_1"]?.objectValue?["tracking_url"] == .string("http://x/1"))
    }
}
