/// Who this process is, for `/v1/`, `/v1/members`, `/v1/leader` and the `X-Whom` header.
public struct NodeInfo: Sendable {
    public var name: String
    public var address: String
    public var port: Int
    public var version: String
    public var tags: [String: String]
    /// Whether this process holds the leader lease right now (always true for standalone).
    public var isLeader: @Sendable () -> Bool

    public init(name: String, address: String, port: Int, version: String, tags: [String: String] = [:],
                isLeader: @escaping @Sendable () -> Bool = { true }) {
        self.name = name
        self.address = address
        self.port = port
        self.version = version
        self.tags = tags
        self.isLeader = isLeader
    }

    /// Dkron's reserved tags plus the node's own.
    var memberTags: [String: String] {
        var out = tags
        out["dc"] = out["dc"] ?? "dc1"
        out["region"] = out["region"] ?? "global"
        out["role"] = out["role"] ?? "rota"
        out["server"] = "true"
        out["version"] = version
        out["port"] = String(port)
        out["rpc_addr"] = "\(address):\(port)"
        return out
    }
}
