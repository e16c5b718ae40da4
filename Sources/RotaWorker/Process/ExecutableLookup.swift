#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the file to execute for `arguments[0]`, like `posix_spawnp`/`execvp` but
/// with the `PATH` of the *child's* environment.
///
/// Why not `posix_spawnp`: it searches the parent's `PATH`, while a job's spec
/// carries its own environment, and its failure is a bare ENOENT, while users need
/// "command not found: foo" to tell a typo from a missing working directory.
enum ExecutableLookup {
    /// Used when neither the child's environment nor this process has a `PATH`.
    static let fallbackSearchPath = "/usr/local/bin:/usr/bin:/bin"

    /// Returns the path to pass to `posix_spawn`.
    ///
    /// A name containing "/" is returned unchanged (relative ones resolve against the
    /// child's working directory at exec time, as in a shell). Otherwise each `PATH`
    /// entry is tried in order; an empty entry means the working directory. Relative
    /// entries are checked against `workingDirectory`, which is where the child will
    /// resolve them.
    static func resolve(
        _ name: String,
        environment: [String: String],
        workingDirectory: String?
    ) throws(ProcessLaunchError) -> String {
        guard !name.isEmpty else {
            throw ProcessLaunchError("command not found: empty command name")
        }
        if name.utf8.contains(UInt8(ascii: "/")) { return name }

        let searchPath = environment["PATH"] ?? inheritedSearchPath() ?? fallbackSearchPath
        var deniedCandidate: String? = nil
        for entry in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let directory = entry.isEmpty ? "." : String(entry)
            let candidate = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var probe = candidate
            if !candidate.hasPrefix("/"), let workingDirectory {
                probe = workingDirectory + "/" + candidate
            }
            let file = Posix.regularFile(probe)
            if file.executable { return candidate }
            if file.exists, deniedCandidate == nil { deniedCandidate = probe }
        }
        if let deniedCandidate {
            throw ProcessLaunchError(
                "permission denied: \(deniedCandidate) is not executable", errno: EACCES)
        }
        throw ProcessLaunchError("command not found: \(name)", errno: ENOENT)
    }

    private static func inheritedSearchPath() -> String? {
        guard let value = getenv("PATH") else { return nil }
        return String(cString: value)
    }
}
