import RotaCore
import RotaEngine

/// Dkron's job filters (`q`, `status`, `disabled`), shared by `GET /v1/jobs` and the UI's job
/// list so both accept and refuse the same values.
enum JobFilters {
    static let statuses = ["success", "failed", "running", "partially_failed", "untriggered"]

    /// The views matching every given filter; nil or empty means "any".
    ///
    /// - Throws: `RotaError.invalid` naming the parameter for a status or flag Dkron would not know.
    static func apply(_ views: [JobView], q: String?, status: String?, disabled: String?) throws(RotaError) -> [JobView] {
        var views = views
        if let q, !q.isEmpty {
            let needle = q.lowercased()
            views = views.filter {
                $0.definition.name.lowercased().contains(needle) || $0.definition.displayName.lowercased().contains(needle)
            }
        }
        if let status, !status.isEmpty {
            guard statuses.contains(status) else { throw .invalid("status: one of \(statuses.joined(separator: ", "))") }
            let wanted = status == "untriggered" ? "" : status
            views = views.filter { $0.record.status == wanted }
        }
        if let disabled, !disabled.isEmpty {
            guard let flag = Bool(disabled) else { throw .invalid("disabled: true or false") }
            views = views.filter { $0.record.disabled == flag }
        }
        return views
    }
}
