import Testing
import RotaCore

/// Rendering the strings inside a JSON value (a trigger_workflow conf).
@Suite struct TemplateJSONRenderTests {
    /// Proves each string is rendered on its own, so quotes in a value cannot break the JSON.
    @Test func rendersStringsInsideJSON() {
        var c = TemplateRenderTests.context
        c.params["q"] = .string(#"say "hi""#)
        let conf = JSONValue.object(["day": .string("{{ ds }}"), "list": .array([.string("{{ params.q }}"), .number(1)]),
                                     "flag": .bool(true)])
        let rendered = Template.renderStrings(in: conf, context: c)
        #expect(rendered == .object(["day": .string("2026-01-02"), "list": .array([.string(#"say "hi""#), .number(1)]),
                                     "flag": .bool(true)]))
        #expect(rendered.compactJSON == #"{"day":"2026-01-02","flag":true,"list":["say \"hi\"",1]}"#)
    }
}
