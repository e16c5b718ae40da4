/// A named number of slots shared by every task that names the pool (Airflow's pools).
public struct PoolRecord: Sendable, Equatable {
    public var name: String
    public var slots: Int
    public var description: String
    /// Slots held by running task instances.
    public var occupiedSlots: Int
    /// Slots wanted by task instances waiting to be claimed.
    public var queuedSlots: Int

    public init(name: String, slots: Int, description: String, occupiedSlots: Int = 0, queuedSlots: Int = 0) {
        self.name = name
        self.slots = slots
        self.description = description
        self.occupiedSlots = occupiedSlots
        self.queuedSlots = queuedSlots
    }

    public var openSlots: Int { slots - occupiedSlots }
}
