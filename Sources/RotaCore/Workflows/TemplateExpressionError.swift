/// Why the text between `{{` and `}}` is not a variable Rota knows.
public enum TemplateExpressionError: Error, Sendable, Equatable {
    case empty
    /// Filters, calls, operators: Jinja logic Rota does not evaluate.
    case unsupportedSyntax
    /// Airflow's `ti.xcom_pull(…)`, which `tasks.ID.result` replaces.
    case xcomPull
    case unknownVariable(String, suggestion: String?)
    /// A known object used without the field it needs (`{{ params }}`, `{{ tasks.a }}`).
    case incomplete(String, expected: String)

    /// The message, without the expression it is about.
    public var message: String {
        switch self {
        case .empty: return "empty template expression"
        case .unsupportedSyntax:
            return "only plain variables are supported (no filters, calls or operators)"
        case .xcomPull: return "xcom_pull is not supported; use {{ tasks.<id>.result }}"
        case .unknownVariable(let name, let suggestion):
            return "unknown variable \"\(name)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? "")
        case .incomplete(_, let expected): return "expected \(expected)"
        }
    }
}
