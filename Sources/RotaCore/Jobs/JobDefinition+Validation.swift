import Foundation

extension JobDefinition {
    /// The longest job name accepted. Names are keys; keeping them short keeps every index small
    /// (the seed's MariaDB "key too long" errors came from indexing 2,000-character columns).
    public static let maxNameLength = 200

    /// Checks the rules Dkron's `Job.Validate` applies, plus Rota's executor checks.
    ///
    /// - Throws: `RotaError.invalidInput` with Dkron's wording where Dkron has one.
    public func validate() throws(RotaError) {
        try Self.validateName(name, field: "name")
        if displayName.count > 1000 { throw .invalid("displayname: longer than 1000 characters") }
        if !parentJob.isEmpty {
            try Self.validateName(parentJob, field: "parent_job")
            if parentJob == name { throw .invalid("parent_job: the job can not have itself as parent") }
        }
        if !timezone.isEmpty, TimeZone(identifier: timezone) == nil {
            throw .invalid("timezone: unknown time zone \"\(timezone)\" (use an IANA name such as Europe/Berlin)")
        }
        if schedule.isEmpty {
            if parentJob.isEmpty {
                throw .invalid("schedule: required unless parent_job is set (use \"@manually\" for a job run only on demand)")
            }
        } else {
            do { _ = try Schedule.parse(schedule, jobName: name) } catch {
                // The parser's messages start `schedule "<text>": …`; keep one "schedule:" prefix.
                let detail = error.message.hasPrefix("schedule ") ? String(error.message.dropFirst("schedule ".count)) : error.message
                throw .invalid("schedule: \(detail)")
            }
        }
        if let start = startsAt, let end = expiresAt, end <= start {
            throw .invalid("expires_at: must be after starts_at")
        }
        for (key, value) in tags {
            try Self.validateTag(key: key, value: value)
        }
        try ExecutorConfigRules.validate(executor: executor, config: executorConfig)
    }

    /// Dkron's slug rule: lower-case letters, digits, `_` and `-`.
    public static func validateName(_ name: String, field: String) throws(RotaError) {
        if name.isEmpty { throw .invalid("\(field): required") }
        if name.count > maxNameLength {
            throw .invalid("\(field): longer than \(maxNameLength) characters")
        }
        for scalar in name.unicodeScalars {
            let ok = scalar.properties.isLowercase || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
            if !ok {
                throw .invalid("\(field): \"\(name)\" contains \"\(scalar)\"; only lower-case letters, digits, \"_\" and \"-\" are allowed")
            }
        }
    }

    private static func validateTag(key: String, value: String) throws(RotaError) {
        guard let colon = value.lastIndex(of: ":") else { return }
        let count = value[value.index(after: colon)...]
        if Int(count).map({ $0 < 1 }) ?? true {
            throw .invalid("tags.\(key): \"\(value)\" must be \"value\" or \"value:N\" with N a positive count")
        }
    }
}

extension JobDefinition {
    /// Run ids (Airflow's `dag_run_id`) are keys: printable, no slashes, at most 250 characters.
    public static func validateRunKey(_ key: String) throws(RotaError) {
        if key.isEmpty || key.count > 250 || key.contains("/") || key.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            throw .invalid("dag_run_id: 1 to 250 printable characters without \"/\"")
        }
    }
}
