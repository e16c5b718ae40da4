import Foundation

/// A workflow file that failed to load; the last valid version of its workflow stays in force.
public struct ImportErrorRecord: Sendable, Equatable {
    public var id: Int64
    public var file: String
    public var message: String
    public var createdAt: Date

    public init(id: Int64, file: String, message: String, createdAt: Date) {
        self.id = id
        self.file = file
        self.message = message
        self.createdAt = createdAt
    }
}
