import Foundation
import RotaCore
import RotaLuigi

/// Luigi workers as Dkron members, so `/v1/members` shows every process that takes work from Rota.
///
/// They come from luigi's own `worker_list` (which also drops workers silent for longer than
/// `worker_disconnect_delay`), so the list is the one luigi's tools see, on whichever server asks.
enum DkronLuigiMembers {
    static func list(_ luigi: LuigiScheduler) async throws -> [DkronMember] {
        guard case .array(let workers) = try await luigi.call("worker_list", .object(["include_running": .bool(true)])) else { return [] }
        return workers.compactMap { value -> DkronMember? in
            guard let worker = value.objectValue, let name = worker["name"]?.stringValue else { return nil }
            var tags = ["role": "luigi-worker", "state": worker["state"]?.stringValue ?? "active"]
            for key in ["workers", "num_running", "num_pending", "username", "pid"] {
                if let value = worker[key], let text = value.scalarText { tags[key == "workers" ? "processes" : key] = text }
            }
            if case .number(let last)? = worker["last_active"] {
                tags["last_seen"] = RFC3339.format(Date(timeIntervalSince1970: last))
            }
            return DkronMember(name: name, address: worker["host"]?.stringValue ?? "", port: 0, tags: tags, withListFields: true,
                               status: "alive")
        }
    }
}
