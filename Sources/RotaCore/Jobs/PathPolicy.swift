/// What a task's file paths (`cwd`, `outputs`) may hold.
///
/// The policy is deliberately small: no NUL byte (the C string would end there, so the path the
/// kernel sees is not the one shown) and no `..` component (a value rendered from a template, say
/// `/data/{{ params.day }}`, must not climb out of the folder the author wrote). Absolute paths are
/// otherwise the admin's business: whoever defines a task also defines its command, which can
/// read or write anything the worker's user can.
///
/// Checked when a job or workflow is submitted (on the text outside templates) and again on the
/// worker after rendering, where a bad path fails the attempt without running it.
public enum PathPolicy {
    /// The longest path accepted (Linux's `PATH_MAX`).
    public static let maxLength = 4096

    /// Why `path` is refused, or nil when it is acceptable.
    public static func problem(_ path: String) -> String? {
        if path.utf8.contains(0) { return "contains a NUL byte" }
        if path.utf8.count > maxLength { return "longer than \(maxLength) bytes" }
        if path.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            return "\"\(path)\" has a \"..\" component; write the path without climbing out of a folder"
        }
        return nil
    }
}
