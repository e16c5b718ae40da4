import Foundation

/// Dkron's member JSON (a serf member: Go field names, no JSON tags) for one Rota node.
struct DkronMember: Encodable {
    var name: String
    var address: String
    var port: Int
    var tags: [String: String]
    /// `/v1/members` adds `id` and `statusText`; `/v1/leader` does not.
    var withListFields: Bool
    /// `alive`, `left` or `failed` (serf's statuses 1, 3 and 4).
    var status: String = "alive"

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        if withListFields { try c.encode(UUID().uuidString.lowercased(), forKey: "id") }
        try c.encode(name, forKey: "Name")
        try c.encode(address, forKey: "Addr")
        try c.encode(port, forKey: "Port")
        try c.encode(tags, forKey: "Tags")
        try c.encode(["alive": 1, "leaving": 2, "left": 3, "failed": 4][status] ?? 0, forKey: "Status")
        for key in ["ProtocolMin", "ProtocolMax", "ProtocolCur", "DelegateMin", "DelegateMax", "DelegateCur"] {
            try c.encode(key.hasSuffix("Min") ? 1 : 5, forKey: Key(stringValue: key))
        }
        if withListFields { try c.encode(status, forKey: "statusText") }
    }
}
