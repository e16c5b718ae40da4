import Foundation
import RotaCore
import RotaTesting
import Testing

/// Seeded fuzzing of the template checker and renderer with shell-like commands full of quotes,
/// escapes, comments, operators and combining marks, and values built to break out of quoting.
///
/// Contract: checking and rendering never trap or take long; in shell mode a value is always one
/// single-quoted word; and in a command the checker accepts for the shell, every value stands
/// inside the quotes Rota adds (never in a comment, never after a backslash, never inside the
/// author's quotes), so `sh` reads the same words whatever the value holds.
@Suite struct TemplateFuzzTests {
    /// A character the generators never produce, standing for "the value" in a rendered command.
    static let marker: Unicode.Scalar = "\u{E000}"

    /// Proves a value rendered in shell mode is read by `sh` as exactly one word holding the value.
    @Test func shellModeValueIsAlwaysOneWordHoldingTheValue() {
        FuzzRun.forEachIteration(target: "template-value", default: 5_000) { fuzz in
            let value = TemplateGrammar.value(using: &fuzz.random)
            let rendered = Template.render("{{ params.p }}", context: TemplateGrammar.context(value), mode: .shell)
            let words = ReferenceShell.read(rendered).words
            fuzz.check(Self.scalars(words) == Self.scalars([value]), "\(value.debugDescription) renders as \(rendered.debugDescription), read as \(words.map { "\($0)" } ?? "an open quote")")
            let raw = Template.render("{{ params.p }}", context: TemplateGrammar.context(value), mode: .raw)
            fuzz.check(Self.scalars([raw]) == Self.scalars([value]), "raw mode changed \(value.debugDescription) into \(raw.debugDescription)")
        }
    }

    /// Proves that in every command the shell-mode checker accepts, each value lands inside the
    /// quotes Rota adds, and `sh` reads the command as the same words with the value in place.
    @Test func acceptedShellCommandsKeepEveryValueInsideItsQuotes() {
        var reach = (total: 0, accepted: 0, compared: 0)
        FuzzRun.forEachIteration(target: "template-command", default: 6_000) { fuzz in
            reach.total += 1
            var command = TemplateGrammar.command(using: &fuzz.random)
            if fuzz.random.chance(25) {
                command.text = FuzzMutator.mutate(command.text, tokens: TemplateGrammar.tokens, using: &fuzz.random)
                command.usesContainers = true  // unknown after damage: skip the word comparison
            }
            let text = command.text
            let value = TemplateGrammar.value(using: &fuzz.random)
            fuzz.trace(text + "\u{0}" + value)
            let (problems, markerRender, valueRender) = fuzz.timed("checking and rendering \(text.debugDescription)") {
                let problems = TemplateChecker.check(text, params: ["p", "n"], tasks: ["a"], mode: .shell)
                _ = TemplateChecker.check(text, params: [], tasks: [], mode: .raw)
                _ = TemplateChecker.taskReferences(in: text)
                _ = Template.render(text, context: TemplateGrammar.context(value), mode: .raw)
                let markerRender = Template.render(text, context: TemplateGrammar.context(String(Self.marker)), mode: .shell)
                let valueRender = Template.render(text, context: TemplateGrammar.context(value), mode: .shell)
                return (problems, markerRender, valueRender)
            }
            fuzz.check(problems.allSatisfy { !$0.isEmpty }, "\(text.debugDescription): an empty problem")
            guard problems.isEmpty else { return }
            reach.accepted += 1
            let withMarker = ReferenceShell.read(markerRender, marker: Self.marker)
            let outside = withMarker.markers.filter { $0 != .singleQuoted }
            fuzz.check(outside.isEmpty, "accepted \(text.debugDescription) but a value lands \(outside) in \(markerRender.debugDescription)")
            guard outside.isEmpty, !command.usesContainers, let markerWords = withMarker.words else { return }
            reach.compared += 1
            let expected = markerWords.map { Self.replacingMarker(in: $0, with: value) }
            let actual = ReferenceShell.read(valueRender).words
            fuzz.check(Self.scalars(actual) == Self.scalars(expected), "accepted \(text.debugDescription); with \(value.debugDescription) sh reads \(actual.map { "\($0)" } ?? "an open quote"), expected \(expected)")
        }
        // Guard the generator's reach: the quoting checks must run on a good share of the commands.
        #expect(reach.accepted * 5 > reach.total && reach.compared * 10 > reach.total, "reach \(reach)")
    }

    /// Proves arbitrary text, including damaged templates, renders without trapping and leaves
    /// text outside `{{ … }}` unchanged.
    @Test func textWithoutTemplatesRendersUnchanged() {
        FuzzRun.forEachIteration(target: "template-text", default: 3_000) { fuzz in
            let text = FuzzMutator.mutate(TemplateGrammar.command(using: &fuzz.random).text, tokens: TemplateGrammar.tokens,
                                          maxRounds: 8, using: &fuzz.random)
            let context = TemplateGrammar.context(TemplateGrammar.value(using: &fuzz.random))
            var plain = text
            while plain.contains("{{") { plain = plain.replacingOccurrences(of: "{{", with: "{ {") }
            for mode in [TemplateMode.raw, .shell] {
                let rendered = fuzz.timed("rendering \(plain.debugDescription)") {
                    _ = Template.render(text, context: context, mode: mode)
                    return Template.render(plain, context: context, mode: mode)
                }
                fuzz.check(Self.scalars([rendered]) == Self.scalars([plain]), "\(plain.debugDescription) rendered as \(rendered.debugDescription)")
            }
        }
    }
}

extension TemplateFuzzTests {
    /// Words as Unicode scalars: `String`'s `==` would call "e\u{301}" and "é" equal, `sh` would not.
    static func scalars(_ words: [String]?) -> [[Unicode.Scalar]]? {
        words?.map { Array($0.unicodeScalars) }
    }

    /// `word` with each marker replaced by `value`, scalar by scalar (a combining mark after the
    /// marker must not hide it).
    static func replacingMarker(in word: String, with value: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            if scalar == marker { out.append(contentsOf: value.unicodeScalars) } else { out.append(scalar) }
        }
        return String(out)
    }
}

/// Generators of shell commands with templates, and of hostile values.
enum TemplateGrammar {
    static let tokens = ["{{", "}}", "{", "}", "'", "\"", "\\", "#", "\n", "\r\n", "\u{301}", "\u{A0}", "$(", "`", ";", "params.p", " "]

    /// Expressions whose value is the fuzzed value itself or a fixed text.
    static let leafExpressions = [
        "ds", "ds_nodash", "ts", "ts_nodash_with_tz", "logical_date", "run_id", "dag.id", "task.id", "ti.try_number",
        "params.p", "params['p']", "params[\"p\"]", "params.n[0]", "params.n[1]", "params.n[7]", "conf.k", "conf.missing",
        "dag_run.conf[\"k\"]", "tasks.a.result.r", "tasks.a.result['r']", "'lit'", "\"{{\"", "'}}'", "''",
    ]
    /// Expressions that render a whole object or list as JSON.
    static let containerExpressions = ["params.n", "conf", "dag_run.conf", "tasks.a.result"]
    /// Expressions the checker rejects.
    static let badExpressions = [
        "", "ds | upper", "ti.xcom_pull('a')", "dss", "param.p", "params", "params.zz", "tasks.b.result", "tasks.a", "dag",
        "1ds", "params.p[", "params.n[99999999999999999999999]", "conf['k", "ü.x", "ds.year", "'a'b'", "{{ ds", "ds }",
    ]

    struct Command {
        var text: String
        /// Some template renders JSON holding the value, so the value is not a whole substring.
        var usesContainers = false
    }

    static func command(using random: inout FuzzRandom) -> Command {
        var command = Command(text: "")
        for _ in 0..<random.int(1...12) {
            switch random.int(0..<14) {
            case 0, 1:
                command.text += random.pick(["echo", "ls", "-l", "a", "x=1", "$HOME", "$(date)", "`id`", "f.txt", "é", "🙂", "e\u{301}"])
            case 2, 3:
                command.text += random.pick([" ", " ", "\t", "\n", " \\\n", "\r\n", "\u{A0}"])
            case 4:
                command.text += random.pick([";", "&&", "|", ">", "<", "(", ")", "2>&1", "&"])
            case 5:
                command.text += "'" + quotedText(using: &random).replacingOccurrences(of: "'", with: "") + "'"
            case 6:
                command.text += "\"" + quotedText(using: &random) + "\""
            case 7:
                command.text += "\\" + random.pick(["'", "\"", "\\", " ", "#", "n", "\n", "$", "{"])
            case 8:
                command.text += "#" + random.pick(["", " note", " it's", "\"x"]) + (random.chance(70) ? "\n" : "")
            case 9, 10, 11:
                command.text += template(&command, using: &random)
            case 12:
                command.text += random.pick(["{", "}", "{{{", "}}}", "{{", "'", "\"", "#", "\u{301}", "'\u{301}", "\"\u{301}", "\\\u{301}"])
            default:
                // The author's own quotes around a template: the checker must refuse these.
                let quote = random.pick(["'", "\""])
                command.text += quote + "v " + template(&command, using: &random) + quote
            }
        }
        return command
    }

    private static func template(_ command: inout Command, using random: inout FuzzRandom) -> String {
        let expression: String
        switch random.int(0..<10) {
        case 0..<6: expression = random.pick(leafExpressions)
        case 6, 7:
            expression = random.pick(containerExpressions)
            command.usesContainers = true
        default: expression = random.pick(badExpressions)
        }
        let space = { (random: inout FuzzRandom) in random.pick(["", " ", "  ", "\n", "\t"]) }
        return "{{" + space(&random) + expression + space(&random) + "}}"
    }

    private static func quotedText(using random: inout FuzzRandom) -> String {
        (0..<random.int(0...4)).map { _ in random.pick(["a", " ", "'", "\\\"", "\\\\", "$x", "#", "\n", "é", "\\"]) }.joined()
    }

    /// Values built from the characters that matter to `sh`, and Unicode that can hide them.
    static func value(using random: inout FuzzRandom) -> String {
        let pieces = [
            "a", "b", " ", "'", "\"", "\\", "$", "(", ")", "`", ";", "|", "&", "#", "\n", "\r", "\t", "\u{301}", "é", "🙂",
            "\u{0}", "*", "?", "~", "{{", "}}", "$(rm -rf /)", "'\u{301}", "\\'", "%", "'\\''", "\r\n", "\u{200D}",
        ]
        return (0..<random.int(0...10)).map { _ in random.pick(pieces) }.joined()
    }

    /// A context in which every param, conf key and task result the generators name holds `value`.
    static func context(_ value: String) -> TemplateContext {
        let when = Date(timeIntervalSince1970: 1_767_225_600)
        return TemplateContext(
            dagId: "fuzz", taskId: "t", runId: "manual__2026-01-01T00:00:00Z", logicalDate: when, runAfter: when,
            timeZone: TimeZone(identifier: "Europe/Berlin") ?? .gmt,
            params: ["p": .string(value), "n": .array([.string(value), .number(1.5)])],
            conf: ["k": .string(value)], taskResults: ["a": .object(["r": .string(value)])])
    }
}
