import Foundation
import Testing
@testable import RotaCore

@Suite struct SecretValuesTests {
    /// Secrets come from ROTA_SECRET_<NAME> and from files named after them; bad names and
    /// unmaskable short values are reported.
    @Test func secretsLoadFromTheEnvironmentAndFilesAndReportProblems() throws {
        let dir = NSTemporaryDirectory() + "rota-secrets-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "from-file-value\n".write(toFile: dir + "/TOKEN", atomically: true, encoding: .utf8)
        try "x".write(toFile: dir + "/bad-name", atomically: true, encoding: .utf8)
        let (secrets, problems) = SecretValues.load(environment: ["ROTA_SECRET_DB": "hunter22", "ROTA_SECRET_PIN": "123", "PATH": "/bin"],
                                                    directory: dir)
        #expect(secrets.names == ["DB", "PIN", "TOKEN"])
        #expect(secrets.value("TOKEN") == "from-file-value")
        #expect(problems.contains { $0.contains("bad-name") })
        #expect(problems.contains { $0.contains("PIN") && $0.contains("cannot be masked") })
    }

    /// Masking replaces every occurrence, longest value first, and leaves short values alone.
    @Test func maskingReplacesEveryValueLongestFirst() {
        let secrets = SecretValues(["A": "abcd", "B": "abcdef", "C": "12"])
        #expect(secrets.mask("x abcdef y abcd z 12") == "x *** y *** z 12")
        #expect(SecretValues().mask("nothing") == "nothing")
    }

    /// `{{ secrets.NAME }}` parses as a template variable; a malformed name is an error.
    @Test func secretReferencesParseAndRender() {
        let context = TemplateContext(dagId: "d", runId: "r", logicalDate: nil, runAfter: Date(), secrets: SecretValues(["DB": "it's"]))
        #expect(Template.render("psql {{ secrets.DB }}", context: context, mode: .shell) == #"psql 'it'\''s'"#)
        #expect(Template.render("{{ secrets.NOPE }}", context: context, mode: .raw) == "")
    }
}

@Suite struct JobTimeZoneTests {
    /// A malformed zone name in a Dkron job (Foundation traps on `UTC+01:T0`) is refused with a
    /// message naming the field, never a crash of the server.
    static func problem(_ json: String) -> String? {
        guard let value = try? JSONValue.parse(Data(json.utf8)) else { return "not JSON" }
        do {
            try JobDefinition.parse(value).validate()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func malformedZoneNamesInJobsAreRefusedNotTrapped() throws {
        for zone in ["UTC+01:T0", "GMT+12:x5", "GMT+1:"] {
            let json = #"{"name": "j", "schedule": "@every 1m", "timezone": "\#(zone)", "executor": "shell", "executor_config": {"command": "true"}}"#
            #expect(Self.problem(json)?.contains("timezone") == true, "\(zone)")
        }
    }
}
