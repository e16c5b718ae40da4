/// What a token may do. A scheduler that runs shell commands is remote code execution by design,
/// so the line that matters is between changing *what runs* (admin) and *when it runs*
/// (operator); viewers only read. Workers hold their own role: they may claim and report tasks
/// and nothing else, so a stolen worker token cannot define a job.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    case viewer
    case `operator`
    case admin
    case worker

    /// Whether this role may do what `needed` may.
    public func allows(_ needed: Role) -> Bool {
        switch (self, needed) {
        case (.admin, _): return true
        case (.worker, .worker): return true
        case (.worker, _), (_, .worker): return false
        case (.operator, .viewer), (.operator, .operator): return true
        case (.viewer, .viewer): return true
        default: return false
        }
    }
}
