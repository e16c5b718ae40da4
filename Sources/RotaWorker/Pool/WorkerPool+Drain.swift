extension WorkerPool {
    /// How many tasks run now (for heartbeats).
    public var runningCount: Int { runningNow }
}
