import Foundation
import RotaCore

/// Airflow's `PoolResponse`.
///
/// In Airflow a `queued` task already holds its pool slot (it was handed to the executor); in Rota
/// a queued task instance is still waiting to be claimed and holds nothing. So `occupied_slots`
/// and `running_slots` are the slots of running task instances, `queued_slots` the slots waiting
/// ones want, and `open_slots` is what is left (`-1` for an unlimited pool, as in Airflow).
struct AirflowPool: Encodable, Sendable {
    var name: String
    var slots: Int
    @Null var description: String?
    var include_deferred = false
    var occupied_slots: Int
    var running_slots: Int
    var queued_slots: Int
    var scheduled_slots = 0
    var open_slots: Int
    var deferred_slots = 0
    @Null var team_name: String?

    init(_ pool: PoolRecord) {
        name = pool.name
        slots = pool.slots
        description = pool.description.isEmpty ? nil : pool.description
        occupied_slots = pool.occupiedSlots
        running_slots = pool.occupiedSlots
        queued_slots = pool.queuedSlots
        open_slots = pool.slots < 0 ? -1 : max(0, pool.slots - pool.occupiedSlots)
    }
}

/// `{"pools": [...], "total_entries": N}`.
struct AirflowPoolCollection: Encodable, Sendable {
    var pools: [AirflowPool]
    var total_entries: Int
}

/// Airflow's `ImportErrorResponse`: a workflow file that failed to load.
struct AirflowImportError: Encodable, Sendable {
    var import_error_id: Int64
    var timestamp: String
    var filename: String
    @Null var bundle_name: String?
    var stack_trace: String

    init(_ record: ImportErrorRecord) {
        import_error_id = record.id
        timestamp = RFC3339.formatFractional(record.createdAt)
        filename = record.file
        bundle_name = AirflowDAG.bundleName
        stack_trace = record.message
    }
}

/// `{"import_errors": [...], "total_entries": N}`.
struct AirflowImportErrorCollection: Encodable, Sendable {
    var import_errors: [AirflowImportError]
    var total_entries: Int
}
