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
        if !timezone.isEmpty, ZoneIdentifier.timeZone(timezone) == nil {
            throw .invalid("timezone: unknown time zone \"\(timezone)\" (use an IANA name such as Europe/Berlin)")
        }
        if schedule.isEmpty {
            if parentJob.isEmpty {
                throw .invalid("schedule: required unless parent_job is set (use \"@manually\" for a job run only on demand)")
            }
        } else {
            let parsed: Schedule
            do { parsed = try Schedule.parse(schedule, jobName: name) } catch {
                // The parser's messages start `schedule "<text>": …`; keep one "schedule:" prefix.
                let detail = error.message.hasPrefix("schedule ") ? String(error.message.dropFirst("schedule ".count)) : error.message
                throw .invalid("schedule: \(detail)")
            }
            try Self.checkFires(parsed, field: "schedule", in: timeZone)
        }
        if let start = startsAt { try Self.validateTime(start, field: "starts_at") }
        if let end = expiresAt { try Self.validateTime(end, field: "expires_at") }
        if let start = startsAt, let end = expiresAt, end <= start {
            throw .invalid("expires_at: must be after starts_at")
        }
        for key in tags.keys.sorted() {
            try Self.validateLabel(key, field: "tags.\(key)")
            try Self.validateTag(key: key, value: tags[key] ?? "")
        }
        for key in metadata.keys.sorted() {
            try Self.validateLabel(key, field: "metadata.\(key)")
        }
        try ExecutorConfigRules.validate(executor: executor, config: executorConfig)
    }

    /// Refuses a recurring schedule with no fire instant ahead, and a one-shot (`@at`, `@after`)
    /// whose instant is outside `validateTime`'s range.
    ///
    /// The cron parser already refuses the day-of-month/month combinations that never occur
    /// (`0 0 30 2 *`); this asks the schedule itself, so any other impossible schedule is caught too.
    public static func checkFires(_ schedule: Schedule, field: String, in zone: TimeZone) throws(RotaError) {
        if schedule.isManual { return }
        if schedule.isOneShot {
            // `next(after:)` answers the instant itself when it lies after the given time.
            if schedule.next(after: earliestTime.addingTimeInterval(-0.001), in: zone) == nil
                || schedule.next(after: latestTime.addingTimeInterval(-0.001), in: zone) != nil {
                throw .invalid("\(field): the time is out of range (\(timeRange))")
            }
            return
        }
        if schedule.next(after: Date(), in: zone) == nil {
            throw .invalid("\(field): \"\(schedule)\" never fires")
        }
    }

    /// Dkron's slug rule (`[\p{Ll}0-9_-]`): lower-case letters, digits, `_` and `-`.
    ///
    /// Lower-case letters are the Unicode category Ll, exactly as Dkron's pattern: not the wider
    /// "Lowercase" property, which also admits a combining mark (U+0345) and symbols such as ⓐ.
    public static func validateName(_ name: String, field: String) throws(RotaError) {
        if name.isEmpty { throw .invalid("\(field): required") }
        if name.count > maxNameLength {
            throw .invalid("\(field): longer than \(maxNameLength) characters")
        }
        for scalar in name.unicodeScalars {
            let ok = scalar.properties.generalCategory == .lowercaseLetter || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == "-"
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
    /// Run ids (Airflow's `dag_run_id`) are keys in URLs and the Store: 1 to 250 characters from
    /// Airflow's default `allowed_run_id_pattern`, `[A-Za-z0-9_.~:+-]` (Rota's own
    /// `manual__2026-01-01T00:00:00Z` keys fit it), and not `.` or `..`, which URLs would resolve.
    public static func validateRunKey(_ key: String) throws(RotaError) {
        let allowed = key.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.~:+-".unicodeScalars.contains($0)) }
        if key.isEmpty || key.unicodeScalars.count > 250 || !allowed || key == "." || key == ".." {
            throw .invalid("dag_run_id: 1 to 250 characters from A-Z, a-z, 0-9 and _ . ~ : + - (not \".\" or \"..\")")
        }
    }

    /// The longest tag key, metadata key, pool or queue name accepted.
    public static let maxLabelLength = 256

    /// Tag and metadata keys, pool and queue names: 1 to 256 ASCII letters, digits, `_`, `-` and
    /// `.`, not starting with `.` or `-`. They appear in URLs (`/api/v2/pools/{name}`,
    /// `?metadata[key]=…`), in worker flags and in the UI, so they hold nothing that needs quoting
    /// or escaping anywhere, and no `..` path segment.
    public static func validateLabel(_ label: String, field: String) throws(RotaError) {
        if label.isEmpty { throw .invalid("\(field): must not be empty") }
        if label.unicodeScalars.count > maxLabelLength {
            throw .invalid("\(field): longer than \(maxLabelLength) characters")
        }
        if label.hasPrefix(".") || label.hasPrefix("-") {
            throw .invalid("\(field): \"\(label)\" must start with a letter, a digit or \"_\"")
        }
        for scalar in label.unicodeScalars {
            let ok = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_-.".unicodeScalars.contains(scalar))
            if !ok {
                let shown = scalar.value < 0x20 || scalar.value == 0x7F ? String(format: "U+%04X", scalar.value) : String(scalar)
                throw .invalid("\(field): contains \"\(shown)\"; only letters, digits, \"_\", \"-\" and \".\" are allowed")
            }
        }
    }

    /// The earliest time a client may give (`starts_at`, `logical_date`, `@at`…): the Unix epoch.
    public static let earliestTime = Date(timeIntervalSince1970: 0)
    /// The first time no longer accepted: 3000-01-01T00:00:00Z.
    public static let latestTime = Date(timeIntervalSince1970: 32_503_680_000)

    /// Refuses a time before 1970 or from the year 3000 on: nothing is scheduled there, and the
    /// bounds keep every time computed from a client's (plus intervals and retry delays) far
    /// inside what the Store's integer milliseconds and the schedule arithmetic hold.
    public static func validateTime(_ date: Date, field: String) throws(RotaError) {
        if date < earliestTime || date >= latestTime {
            throw .invalid("\(field): \(RFC3339.format(date)) is out of range (\(timeRange))")
        }
    }

    /// `validateTime`'s range, as messages show it.
    public static let timeRange = "1970-01-01T00:00:00Z to 2999-12-31T23:59:59Z"
}
