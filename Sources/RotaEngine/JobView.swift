import Foundation
import RotaCore
import RotaStorage

/// A job as Dkron returns it: the definition plus what the Store and the schedule compute.
public struct JobView: Sendable {
    public var definition: JobDefinition
    public var record: WorkflowRecord
    public var dependentJobs: [String]
    public var next: Date?

    public init(definition: JobDefinition, record: WorkflowRecord, dependentJobs: [String], next: Date?) {
        self.definition = definition
        self.record = record
        self.dependentJobs = dependentJobs
        self.next = next
    }
}
