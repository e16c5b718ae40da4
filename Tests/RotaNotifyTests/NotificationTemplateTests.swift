import Foundation
import Testing
import RotaNotify

/// Placeholder substitution, independent of any transport.
@Suite struct NotificationTemplateTests {
    /// Every documented placeholder is replaced, with or without spaces inside the braces.
    @Test func rendersEveryPlaceholder() {
        let template = "{{workflow}}|{{ run_id }}|{{ task_id }}|{{ state }}|{{ kind }}|{{ message }}|"
            + "{{ logical_date }}|{{ attempt }}|{{ log_url }}|{{  occurred_at  }}"
        let text = NotificationTemplate.render(template, event: Fixtures.failure(), escaping: .none)
        #expect(text == "nightly-backup|run-1|dump|failed|failure|exit status 3|2024-01-01T00:00:00Z|2|"
            + "http://rota.local/runs/run-1/log|2024-01-01T00:01:00Z")
    }

    /// Unknown names (another engine's syntax) and unterminated braces are left as written.
    @Test func leavesUnknownPlaceholdersAlone() {
        let text = NotificationTemplate.render("{{.JobName}} {{ nope }} {{ workflow", event: Fixtures.failure(),
                                               escaping: .jsonString)
        #expect(text == "{{.JobName}} {{ nope }} {{ workflow")
    }

    /// Absent optional values render as the empty string.
    @Test func absentValuesRenderEmpty() {
        let event = NotificationEvent(kind: .success, workflow: "w", runId: "r", state: "success", message: "")
        let text = NotificationTemplate.render("[{{ task_id }}][{{ attempt }}][{{ logical_date }}][{{ log_url }}]",
                                               event: event, escaping: .none)
        #expect(text == "[][][][]")
    }

    /// JSON escaping covers quotes, backslashes, named and numeric control-character escapes.
    @Test func escapesForJSONStrings() {
        #expect(NotificationTemplate.jsonEscaped("a\"b\\c\nd\re\tf\u{1}g\u{2028}é")
            == #"a\"b\\c\nd\re\tf\u0001g\u2028é"#)
    }
}
