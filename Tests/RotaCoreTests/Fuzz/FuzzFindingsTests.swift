import Testing
import RotaCore

/// One test per defect the fuzz tests found, each pinned to the smallest input that showed it.
@Suite struct FuzzFindingsTests {
    private static let context = TemplateGrammar.context("v")

    private func shellProblems(_ command: String) -> [String] {
        TemplateChecker.check(command, params: ["p"], tasks: [], mode: .shell)
    }

    private static let quoted = "stands inside quotes; in a shell command write templates outside quotes (Rota quotes each value for you)"
    private static let inComment = "stands in a shell comment, which a line break in the value would end; move it out of the comment"
    private static let afterBackslash = "follows a backslash, which would escape the quote Rota puts around the value; remove the backslash"
    private static let backquoted = "stands inside backquotes, which a backquote in the value would end; use $(…) instead"
    private static let afterDollar = "follows a \"$\", which bash would join with the value into one $'…' string that a backslash in the value can leave; separate them"

    /// Proves fraction digits past the 18th still count: a run of nines can carry the result over
    /// a whole nanosecond (found by the Go duration fuzzer; the parser stopped at 18 digits).
    @Test func goDurationFractionDigitsPastTheEighteenthCarryIntoTheNanosecond() throws {
        #expect(try GoDuration.parse("0.00000000000027777799999h") == .nanoseconds(1))
        #expect(try GoDuration.parse(".000000201858333333999h") == .nanoseconds(726_690))
        #expect(try GoDuration.parse("54.00000863323333333399999999999m") == .nanoseconds(3_240_000_517_994))
        #expect(try GoDuration.parse("1.0000000001s") == .nanoseconds(1_000_000_000))
        #expect(try GoDuration.parse("0.\(String(repeating: "9", count: 5_000))ns") == .zero)
    }

    /// Proves shell mode escapes a quote even when a combining mark follows it, so the value
    /// stays one word (`'` + U+0301 is one `Character`, which a Character-level replace skipped,
    /// letting `'́; cmd #` run `cmd`).
    @Test func shellModeEscapesAQuoteFollowedByACombiningMark() {
        let value = "'\u{301}; echo injected #"
        let rendered = TemplateMode.shell.insert(value)
        #expect(Array(rendered.unicodeScalars) == Array("''\\''\u{301}; echo injected #'".unicodeScalars))
        #expect(ReferenceShell.read(rendered).words.map { $0.map { Array($0.unicodeScalars) } } == [Array(value.unicodeScalars)])
    }

    /// Proves the shell checker refuses a template in a comment: a line break in the value ends
    /// the comment and the rest of the value runs.
    @Test func shellCheckerRejectsTemplatesInComments() {
        #expect(shellProblems("echo hi # {{ params.p }}") == ["\"{{ params.p }}\": \(Self.inComment)"])
        #expect(shellProblems("echo a >#{{ params.p }}") == ["\"{{ params.p }}\": \(Self.inComment)"])
        #expect(shellProblems("echo a \\\n#{{ params.p }}") == ["\"{{ params.p }}\": \(Self.inComment)"])
        #expect(shellProblems("echo a\\\n#{{ params.p }}") == [])
        #expect(shellProblems("echo hi # note\necho {{ params.p }}") == [])
    }

    /// Proves the shell checker refuses a template right after a backslash, which would escape
    /// the opening quote of the value (`\'; cmd #'` runs `cmd`).
    @Test func shellCheckerRejectsTemplatesAfterABackslash() {
        #expect(shellProblems("echo \\{{ params.p }}") == ["\"{{ params.p }}\": \(Self.afterBackslash)"])
        #expect(shellProblems("echo \\\\{{ params.p }}") == [])
    }

    /// Proves the shell checker sees quotes and backslashes that a combining mark follows, and
    /// ends a comment at the `\n` of `\r\n` (each of which a Character-level scan missed).
    @Test func shellCheckerReadsQuotesScalarByScalar() {
        #expect(shellProblems("echo '\u{301} {{ params.p }}'") == ["\"{{ params.p }}\": \(Self.quoted)"])
        #expect(shellProblems("echo \"\u{301}{{ params.p }}\"") == ["\"{{ params.p }}\": \(Self.quoted)"])
        #expect(shellProblems("echo \\\u{301}{{ params.p }}") == [])
        #expect(shellProblems("# note\r\necho \"{{ params.p }}\"") == ["\"{{ params.p }}\": \(Self.quoted)"])
    }

    /// Proves only sh's blanks and operators start a word where `#` begins a comment: after a
    /// no-break space `#` is plain text, so the quote after it still counts.
    @Test func shellCheckerTreatsOnlyBlanksAndOperatorsAsWordBreaks() {
        #expect(shellProblems("echo a\u{A0}# \"{{ params.p }}\"") == ["\"{{ params.p }}\": \(Self.quoted)"])
    }

    /// Proves the shell checker refuses a template inside backquotes: bash ends the command
    /// substitution at a backquote in the value, and runs what follows (found while triaging the
    /// fuzz findings; `$(…)` is quote-aware and stays allowed).
    @Test func shellCheckerRejectsTemplatesInsideBackquotes() {
        #expect(shellProblems("echo `echo {{ params.p }}`") == ["\"{{ params.p }}\": \(Self.backquoted)"])
        #expect(shellProblems("echo `date` {{ params.p }} $(echo {{ params.p }})") == [])
    }

    /// Proves the shell checker refuses a template right after `$` and inside `$'…'`: bash reads
    /// both with backslash escapes, so a `\` in the value (or before the template) keeps the quote
    /// open and the rest of the value runs.
    @Test func shellCheckerRejectsTemplatesBashReadsAsDollarQuotes() {
        #expect(shellProblems("echo ${{ params.p }}") == ["\"{{ params.p }}\": \(Self.afterDollar)"])
        #expect(shellProblems("echo $'a\\' {{ params.p }}") == ["\"{{ params.p }}\": \(Self.quoted)"])
        #expect(shellProblems("echo \\${{ params.p }} \"$\"{{ params.p }} $x{{ params.p }}") == [])
    }

    /// Proves the shell checker reads a literal (`{{ '…' }}`, inserted as written) as command text:
    /// an empty one leaves a `#` after it at the start of a word, and a quote in one opens a quote
    /// (found by a 300,000-iteration run; the checker took every template for a quoted word).
    @Test func shellCheckerReadsLiteralsAsCommandText() {
        #expect(shellProblems("{{ '' }}# note {{ params.p }}") == ["\"{{ params.p }}\": \(Self.inComment)"])
        #expect(shellProblems("echo {{ \"'\" }} {{ params.p }}'") == ["\"{{ params.p }}\": \(Self.quoted)"])
        #expect(shellProblems("echo {{ '{{' }} {{ params.p }}") == [])
    }

    /// Proves zone names Foundation would misparse as a GMT offset are unknown zones rather than
    /// a trap that ends the process (`UTC+01:T0` trapped in `TimeZone(identifier:)`; found by a
    /// 300,000-iteration schedule run at iteration 189,248).
    @Test func malformedOffsetZoneNamesAreUnknownZonesNotCrashes() throws {
        for name in ["UTC+01:T0", "GMT+12:x5", "GMT+1::x5", "GMT+12:é5", "UTC+01::5", "GMT+1:"] {
            #expect(ScheduleTestSupport.parseError("TZ=\(name) 0 0 9 * * *") == "schedule \"TZ=\(name) 0 0 9 * * *\": unknown time zone \"\(name)\"")
            #expect(ZoneIdentifier.timeZone(name) == nil)
        }
        for (name, offset) in [("GMT+5", 18_000), ("UTC-05:30", -19_800), ("GMT+0530", 19_800), ("UTC+5.30", 19_800), ("GMT", 0)] {
            #expect(ZoneIdentifier.timeZone(name)?.secondsFromGMT() == offset, "\(name)")
        }
        #expect(ZoneIdentifier.timeZone("Europe/Berlin") != nil)
        #expect(try Schedule.parse("CRON_TZ=GMT+05:30 0 30 9 * * *").timeZoneOverride?.secondsFromGMT() == 19_800)
    }
}
