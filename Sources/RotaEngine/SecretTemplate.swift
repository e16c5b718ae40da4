import Foundation
import RotaCore

/// `{{ secrets.NAME }}` in a Dkron job's `executor_config` and environment: jobs are not
/// templated (a literal `{{` in a job's command stays as written, e.g. `docker ps --format
/// '{{.Names}}'`), so only this one form is replaced, shell-quoted in `command` like every
/// template value, raw elsewhere.
enum SecretTemplate {
    static func substitute(_ claimed: ClaimedTask, secrets: SecretValues) -> ClaimedTask {
        guard !secrets.isEmpty else { return claimed }
        var spec = claimed.task.spec
        var changed = false
        for (key, value) in spec.config where value.contains("secrets.") {
            let rendered = substitute(value, secrets: secrets, shell: key == "command")
            if rendered != value { spec.config[key] = rendered; changed = true }
        }
        for (key, value) in spec.environment where value.contains("secrets.") {
            let rendered = substitute(value, secrets: secrets, shell: false)
            if rendered != value { spec.environment[key] = rendered; changed = true }
        }
        guard changed else { return claimed }
        var out = claimed
        out.task.spec = spec
        return out
    }

    /// Replaces each `{{ secrets.NAME }}` (spaces optional) whose NAME the server knows.
    static func substitute(_ text: String, secrets: SecretValues, shell: Bool) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { rest = rest[open.lowerBound...]; break }
            let inner = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if inner.hasPrefix("secrets."), let value = secrets.value(String(inner.dropFirst("secrets.".count))) {
                out += (shell ? TemplateMode.shell : TemplateMode.raw).insert(value)
            } else {
                out += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
