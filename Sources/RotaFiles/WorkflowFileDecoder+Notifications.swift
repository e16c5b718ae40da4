import RotaCore

extension WorkflowFileDecoder {
    static let notificationFields = ["on", "webhook", "email", "sla"]
    static let webhookFields = ["url", "headers", "payload"]
    static let emailFields = ["to", "subject"]

    /// `notifications:`, a list of `{on, webhook, email, sla}` rules, for the workflow or a task.
    mutating func notifications(_ value: JSONValue?, _ path: String, task: String?) -> [NotificationRule] {
        guard let value, value != .null else { return [] }
        guard case .array(let items) = value else {
            report(path, "expected a list of notification rules, got \(value.kindName)")
            return []
        }
        return items.enumerated().compactMap { i, item in rule(item, "\(path)[\(i)]") }
    }

    private mutating func rule(_ value: JSONValue, _ path: String) -> NotificationRule? {
        guard let o = object(value, path, known: Self.notificationFields) else { return nil }
        let at = { (key: String) in Self.child(path, key) }
        var events: [String] = []
        for (i, event) in (stringList(o["on"], at("on"), allowSingle: true) ?? []).enumerated() {
            if NotificationRule.eventNames.contains(event) {
                if !events.contains(event) { events.append(event) }
            } else {
                let hint = self.hint(event, NotificationRule.eventNames)
                let known = " (one of \(NotificationRule.eventNames.joined(separator: ", ")))"
                report(Self.itemPath(o["on"], at("on"), i), "unknown event \"\(event)\"" + (hint.isEmpty ? known : hint))
            }
        }
        if o["on"] == nil || o["on"] == .null || o["on"] == .array([]) {
            report(at("on"), "required: one or more of \(NotificationRule.eventNames.joined(separator: ", "))")
        }
        var rule = NotificationRule(events: events)
        if let hook = o["webhook"], hook != .null { rule.webhook = webhook(hook, at("webhook")) }
        if let mail = o["email"], mail != .null { rule.email = email(mail, at("email")) }
        if (o["webhook"] ?? .null) == .null, (o["email"] ?? .null) == .null {
            report(path, "give a webhook, an email or both")
        }
        if let sla = duration(o["sla"], at("sla"), positive: true) {
            rule.slaSeconds = Int(sla.seconds.rounded(.up))
            if !events.contains("sla_miss") { report(at("sla"), "only used with the sla_miss event") }
        } else if events.contains("sla_miss"), o["sla"] == nil || o["sla"] == .null {
            report(at("sla"), "required with the sla_miss event (how long a run may take, such as 2h)")
        }
        return rule
    }

    private mutating func webhook(_ value: JSONValue, _ path: String) -> WebhookTarget? {
        guard let o = object(value, path, known: Self.webhookFields) else { return nil }
        let at = { (key: String) in Self.child(path, key) }
        var target = WebhookTarget(url: "")
        if let url = requiredString(o["url"], at("url")) {
            if url.contains("{{") {
                report(at("url"), "placeholders are not filled in webhook URLs; write the URL out")
            } else if checkURL(url, at("url")) {
                target.url = url
            }
        }
        target.headers = headers(o["headers"], at("headers"), task: nil) ?? [:]
        if let payload = string(o["payload"], at("payload")) {
            target.payload = payload
            placeholders(payload, at("payload"))
        }
        return target
    }

    private mutating func email(_ value: JSONValue, _ path: String) -> EmailTarget? {
        guard let o = object(value, path, known: Self.emailFields) else { return nil }
        let at = { (key: String) in Self.child(path, key) }
        var target = EmailTarget(to: [])
        let list = stringList(o["to"], at("to"), allowSingle: true) ?? []
        if list.isEmpty { report(at("to"), "required: one or more addresses") }
        for (i, address) in list.enumerated() {
            if Self.isEmailAddress(address) {
                target.to.append(address)
            } else {
                report(Self.itemPath(o["to"], at("to"), i), "\"\(address)\" is not an email address")
            }
        }
        if let subject = string(o["subject"], at("subject")) {
            target.subject = subject
            placeholders(subject, at("subject"))
        }
        return target
    }

    /// `ops@example.com` or `Ops <ops@example.com>`.
    static func isEmailAddress(_ text: String) -> Bool {
        var address = Substring(text)
        if let open = text.lastIndex(of: "<"), text.hasSuffix(">") {
            address = text[text.index(after: open)..<text.index(before: text.endIndex)]
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !address.contains(where: \.isWhitespace)
    }

    /// Notification placeholders are checked at once: they do not depend on params or tasks.
    private mutating func placeholders(_ text: String, _ path: String) {
        for problem in NotificationPlaceholders.problems(in: text) { report(path, problem) }
    }
}
