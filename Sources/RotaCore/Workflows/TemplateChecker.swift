/// Finds what is wrong with a template before any run exists: the file loader reports each
/// problem with its file, line and field.
///
/// Checks: unclosed `{{`, empty or non-variable expressions (Jinja filters and calls), unknown
/// variables (with a did-you-mean), params that are not declared, `tasks.ID.result` naming a task
/// that does not exist, and, for shell commands, templates inside quotes (where Rota's quoting
/// cannot protect the command: see `TemplateMode.shell`).
public enum TemplateChecker {
    /// Every problem in `text`, in order; empty when the template is fine.
    ///
    /// - Parameters:
    ///   - params: the declared param names.
    ///   - tasks: the task ids `tasks.ID.result` may name.
    ///   - mode: `.shell` adds the check that no template stands inside quotes.
    public static func check(_ text: String, params: [String], tasks: [String], mode: TemplateMode = .raw) -> [String] {
        var problems: [String] = []
        var quotes = ShellQuoteTracker()
        for piece in TemplatePiece.split(text) {
            switch piece {
            case .text(let s):
                if mode == .shell { quotes.consume(s) }
            case .unclosed(let s):
                let shown = s.prefix(while: { $0 != "\n" }).prefix(30)
                problems.append("\"\(shown)\": unclosed \"{{\" (no \"}}\" after it)")
            case .expression(let source, let inner):
                let problem = expressionProblem(String(inner), params: params, tasks: tasks)
                if let problem {
                    problems.append("\"\(source)\": \(problem)")
                } else if mode == .shell, quotes.isQuoted {
                    problems.append("\"\(source)\": stands inside quotes; in a shell command write templates outside quotes (Rota quotes each value for you)")
                }
                quotes.consumeTemplate()
            }
        }
        return problems
    }

    /// The task ids named by `tasks.ID.result` in `text`, in order, without repeats.
    public static func taskReferences(in text: String) -> [String] {
        var ids: [String] = []
        for case .expression(_, let inner) in TemplatePiece.split(text) {
            if case .success(let e) = TemplateExpression.parse(String(inner)), let id = e.referencedTask, !ids.contains(id) {
                ids.append(id)
            }
        }
        return ids
    }

    private static func expressionProblem(_ inner: String, params: [String], tasks: [String]) -> String? {
        switch TemplateExpression.parse(inner) {
        case .failure(let error):
            return error.message
        case .success(.param(let name, _)) where !params.contains(name):
            let hint = Suggestion.nearest(to: name, in: params).map { "; did you mean \"\($0)\"?" }
            return "unknown param \"\(name)\"" + (hint ?? (params.isEmpty ? " (the workflow declares no params)" : ""))
        case .success(.taskResult(let id, _)) where !tasks.contains(id):
            return "unknown task \"\(id)\"" + (Suggestion.nearest(to: id, in: tasks).map { "; did you mean \"\($0)\"?" } ?? "")
        case .success:
            return nil
        }
    }
}
