/// One step of schema history. Never edit a migration once it has shipped: add the next one.
/// The same version number means the same logical schema in both dialects.
public struct Migration: Sendable {
    public var version: Int
    public var name: String
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}
