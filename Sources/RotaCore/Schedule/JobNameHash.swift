/// Dkron's job-name hash behind the `~` cron token.
///
/// Why so simple: Dkron (`dkron/job.go`, `nameHash`) adds up the Unicode
/// code points of the job name and takes it modulo each field's span. It is
/// not a good hash, but it is the one existing Dkron clusters used to spread
/// their jobs, so matching it keeps a migrated job firing at the same second.
enum JobNameHash {
    /// The sum of the Unicode scalar values of `jobName`.
    static func sum(of jobName: String) -> Int {
        jobName.unicodeScalars.reduce(0) { $0 + Int($1.value) }
    }
}
