import Foundation

extension JobDefinition {
    /// Every key Dkron's job JSON may carry, including the read-only ones clients echo back from a
    /// GET, and the flat fields of Dkron before 1.2 (`command`, `shell`, `environment_variables`).
    static let knownFields: [String] = [
        "id", "name", "displayname", "timezone", "schedule", "owner", "owner_email", "success_count",
        "error_count", "last_success", "last_error", "disabled", "tags", "metadata", "retries",
        "dependent_jobs", "parent_job", "processors", "concurrency", "executor", "executor_config",
        "status", "next", "ephemeral", "starts_at", "expires_at", "command", "shell",
        "environment_variables",
    ]

    /// Reads a job from Dkron's JSON, old or new form, reporting the first wrong field by name.
    ///
    /// - Throws: `RotaError.invalidInput` naming the field, what was expected and what was found;
    ///   unknown fields get a did-you-mean.
    public static func parse(_ value: JSONValue) throws(RotaError) -> JobDefinition {
        guard let object = value.objectValue else {
            throw .invalid("Unable to parse payload: expected a JSON object describing a job, got \(value.kindName)")
        }
        for key in object.keys.sorted() where !knownFields.contains(key) {
            let hint = Suggestion.nearest(to: key, in: knownFields).map { "; did you mean \"\($0)\"?" } ?? ""
            throw .invalid("unknown field \"\(key)\"\(hint)")
        }
        let fields = FieldReader(object)
        var job = JobDefinition(name: try fields.string("name") ?? "")
        job.displayName = try fields.string("displayname") ?? ""
        job.schedule = (try fields.string("schedule") ?? "").trimmingCharacters(in: .whitespaces)
        job.timezone = try fields.string("timezone") ?? ""
        job.owner = try fields.string("owner") ?? ""
        job.ownerEmail = try fields.string("owner_email") ?? ""
        job.disabled = try fields.bool("disabled") ?? false
        job.tags = try fields.stringMap("tags") ?? [:]
        job.metadata = try fields.stringMap("metadata") ?? [:]
        job.retries = try fields.nonNegativeInt("retries") ?? 0
        job.parentJob = try fields.string("parent_job") ?? ""
        if let concurrency = try fields.string("concurrency"), !concurrency.isEmpty {
            guard let parsed = Concurrency(rawValue: concurrency) else {
                throw .invalid("concurrency: must be \"allow\" or \"forbid\", got \"\(concurrency)\"")
            }
            job.concurrency = parsed
        }
        job.executor = try fields.string("executor") ?? ""
        job.executorConfig = try fields.stringMap("executor_config") ?? [:]
        job.processors = try fields.processors("processors") ?? [:]
        job.ephemeral = try fields.bool("ephemeral") ?? false
        job.startsAt = try fields.date("starts_at")
        job.expiresAt = try fields.date("expires_at")
        try job.absorbLegacyFields(fields)
        try job.validate()
        return job
    }

    /// Dkron before 1.2 had `command`, `shell` and `environment_variables` on the job itself; the
    /// seed's `POST /v1/jobs` still sends `"command": "/bin/true"`. They become a shell executor.
    private mutating func absorbLegacyFields(_ fields: FieldReader) throws(RotaError) {
        guard let command = try fields.string("command") else { return }
        if !executor.isEmpty, executor != "shell" {
            throw .invalid("command: a top-level command runs with the shell executor, but executor is \"\(executor)\"")
        }
        executor = "shell"
        if executorConfig["command"] == nil { executorConfig["command"] = command }
        if let shell = try fields.bool("shell"), shell { executorConfig["shell"] = "true" }
        if let env = try fields.stringList("environment_variables"), !env.isEmpty {
            executorConfig["env"] = env.joined(separator: ",")
        }
    }
}
