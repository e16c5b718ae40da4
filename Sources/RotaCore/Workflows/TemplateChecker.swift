/// Finds what is wrong with a template before any run exists: the file loader reports each
/// problem with its file, line and field.
///
/// Checks: unclosed `{{`, empty or non-variable expressions (Jinja filters and calls), unknown
/// variables (with a did-you-mean), params that are not declared, `tasks.ID.result` naming a task
/// that does not exist, and, for shell commands, templates inside quotes or backquotes, in a
/// comment, or right after a backslash or a `$` (where Rota's quoting cannot protect the command:
/// see `TemplateMode.shell`).
public enum TemplateChecker {
    /// Every problem in `text`, in order; empty when the template is fine.
    ///
    /// - Parameters:
    ///   - params: the declared param names.
    ///   - tasks: the task ids `tasks.ID.result` may name.
    ///   - mode: `.shell` adds the check that no template stands inside quotes.
    public static func check(_ text: String, params: [String], tasks: [String], mode: TemplateMode = .raw) -> [String] {
        check(text, names: TemplateNames(params: params, tasks: tasks), mode: mode)
    }

    /// `check(_:params:tasks:mode:)` against names prepared once, for checking the many texts of
    /// one workflow: each name is looked up in a set, and `suggest: false` leaves out the
    /// did-you-mean hints, whose cost grows with the number of names.
    public static func check(_ text: String, names: TemplateNames, mode: TemplateMode = .raw, suggest: Bool = true) -> [String] {
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
                let parsed = TemplateExpression.parse(String(inner))
                if case .success(.literal(let literal)) = parsed {
                    // Inserted as written, so it is command text to follow, not a quoted value.
                    if mode == .shell { quotes.consume(literal[...]) }
                    continue
                }
                let problem = expressionProblem(parsed, names: names, suggest: suggest)
                if let problem {
                    problems.append("\"\(source)\": \(problem)")
                } else if mode == .shell, let misplaced = shellPositionProblem(quotes.position) {
                    problems.append("\"\(source)\": \(misplaced)")
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

    /// Why a template may not stand at `position` in a shell command; nil where it may.
    private static func shellPositionProblem(_ position: ShellQuoteTracker.Position) -> String? {
        switch position {
        case .plain: nil
        case .quoted: "stands inside quotes; in a shell command write templates outside quotes (Rota quotes each value for you)"
        case .comment: "stands in a shell comment, which a line break in the value would end; move it out of the comment"
        case .escaped: "follows a backslash, which would escape the quote Rota puts around the value; remove the backslash"
        case .backquoted: "stands inside backquotes, which a backquote in the value would end; use $(…) instead"
        case .afterDollar: "follows a \"$\", which bash would join with the value into one $'…' string that a backslash in the value can leave; separate them"
        case .heredoc: "stands in a here-document, where the shell keeps the quotes Rota puts around the value and runs any $(…) in it; pass the value in env (\"$NAME\" in the body) instead"
        }
    }

    private static func expressionProblem(
        _ parsed: Result<TemplateExpression, TemplateExpressionError>, names: TemplateNames, suggest: Bool
    ) -> String? {
        let params = names.params
        let tasks = names.tasks
        switch parsed {
        case .failure(let error):
            return error.message
        case .success(.param(let name, _)) where !names.paramSet.contains(name):
            let near = suggest ? TemplateSuggestion.nearest(to: name, in: params) : nil
            let hint = near.map { "; did you mean \"\($0)\"?" }
            return "unknown param \"\(name)\"" + (hint ?? (params.isEmpty ? " (the workflow declares no params)" : ""))
        case .success(.taskResult(let id, _)) where !names.taskSet.contains(id):
            let near = suggest ? TemplateSuggestion.nearest(to: id, in: tasks) : nil
            return "unknown task \"\(id)\"" + (near.map { "; did you mean \"\($0)\"?" } ?? "")
        case .success:
            return nil
        }
    }
}

/// The params and task ids a workflow's templates may name, in declaration order (for hints) and as
/// sets (for lookups).
public struct TemplateNames: Sendable {
    public let params: [String]
    public let tasks: [String]
    let paramSet: Set<String>
    let taskSet: Set<String>

    public init(params: [String], tasks: [String]) {
        self.params = params
        self.tasks = tasks
        paramSet = Set(params)
        taskSet = Set(tasks)
    }
}
