import Foundation
import RotaCore
import Testing

/// The validators behind docs/security-hostile-input.md: each hostile value is refused with a
/// message naming the field, and the ordinary values next to it still pass.
@Suite("Hostile input validation")
struct HostileInputValidationTests {
    // MARK: JSON nesting

    /// Deep JSON is refused on its bytes, before decoding, with the limit in the message; 64
    /// levels pass, and brackets inside strings do not count.
    @Test func jsonNestedDeeperThanSixtyFourLevelsIsRefusedBeforeDecoding() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect((try? JSONValue.parse(Data(ok.utf8))) != nil)
        let inString = #"{"a":"\#(String(repeating: "[", count: 1000))\"{"}"#
        #expect((try? JSONValue.parse(Data(inString.utf8)))?.objectValue?["a"] != nil)
        for deep in [String(repeating: "[", count: 65) + String(repeating: "]", count: 65),
                     String(repeating: #"{"a":"#, count: 600) + "1" + String(repeating: "}", count: 600),
                     String(repeating: "[", count: 200_000)] {
            #expect(throws: RotaError.self) { try JSONValue.parse(Data(deep.utf8)) }
            do { _ = try JSONValue.parse(Data(deep.utf8)) } catch {
                #expect(error.message.contains("nested deeper than 64 levels"), "\(error.message)")
            }
        }
    }

    /// Python's `json` writes `Infinity` (luigi's default `max_batch_size`): the luigi endpoint's
    /// reading takes it as a number; everywhere else it stays malformed JSON.
    @Test func infinityIsANumberOnlyWhereNonFiniteNumbersAreAllowed() throws {
        let text = Data(#"{"max_batch_size": Infinity, "low": -Infinity}"#.utf8)
        #expect(throws: RotaError.self) { try JSONValue.parse(text) }
        let value = try JSONValue.parse(text, nonFinite: true)
        #expect(value.objectValue?["max_batch_size"] == .number(.infinity))
        #expect(value.objectValue?["low"] == .number(-.infinity))
    }

    // MARK: Names

    /// Job, workflow and task names follow Dkron's `[\p{Ll}0-9_-]` exactly, up to 200 characters.
    @Test func namesAllowOnlyLowerCaseLettersDigitsUnderscoreAndDash() {
        for good in ["job_name", "a-1", "café", String(repeating: "a", count: 200)] {
            #expect((try? JobDefinition.validateName(good, field: "name")) != nil, "\(good)")
        }
        let bad = ["", "Job", "a b", "../x", "a/b", "a\u{0}b", "a\nb", "xⓐ", "a\u{0345}", "a.b", "a\u{202E}b",
                   String(repeating: "a", count: 201)]
        for name in bad {
            #expect(throws: RotaError.self, "\(name.debugDescription)") { try JobDefinition.validateName(name, field: "name") }
            do { try JobDefinition.validateName(name, field: "name") } catch {
                #expect(error.message.hasPrefix("name: "), "\(error.message)")
            }
        }
    }

    /// Tag and metadata keys, pool and queue names: ASCII letters, digits, `_ - .`, not starting
    /// with `.` or `-`, at most 256.
    @Test func labelsAllowOnlyASCIILettersDigitsUnderscoreDashAndDot() {
        for good in ["role", "default_pool", "Team.A-1", "_x", String(repeating: "p", count: 256)] {
            #expect((try? JobDefinition.validateLabel(good, field: "pool")) != nil, "\(good)")
        }
        for bad in ["", "..", ".hidden", "-x", "a b", "a/b", "k]", "a\u{0}", "é", String(repeating: "p", count: 257)] {
            do {
                try JobDefinition.validateLabel(bad, field: "pool")
                Issue.record("accepted \(bad.debugDescription)")
            } catch {
                #expect(error.message.hasPrefix("pool: "), "\(error.message)")
            }
        }
    }

    /// Client run ids follow Airflow's default `allowed_run_id_pattern`, and are not `.` or `..`.
    @Test func runIdsFollowAirflowsAllowedPattern() {
        for good in ["r1", "manual__2026-01-01T00:00:00.123Z", "backfill__2026-01-01T00:00:00Z", "a+b~c:d"] {
            #expect((try? JobDefinition.validateRunKey(good)) != nil, "\(good)")
        }
        for bad in ["", ".", "..", "a/b", "a b", "a?b", "a#b", "a%2F", "ä", "a\u{7F}", String(repeating: "r", count: 251)] {
            do {
                try JobDefinition.validateRunKey(bad)
                Issue.record("accepted \(bad.debugDescription)")
            } catch {
                #expect(error.message.hasPrefix("dag_run_id: "), "\(error.message)")
            }
        }
    }

    // MARK: Times and schedules

    /// Client times lie between 1970 and the end of 2999.
    @Test func timesBefore1970OrFromTheYear3000AreOutOfRange() throws {
        try JobDefinition.validateTime(try #require(RFC3339.parse("1970-01-01T00:00:00Z")), field: "t")
        try JobDefinition.validateTime(try #require(RFC3339.parse("2999-12-31T23:59:59Z")), field: "t")
        for text in ["0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "3000-01-01T00:00:00Z", "9999-12-31T23:59:59Z"] {
            let date = try #require(RFC3339.parse(text))
            #expect(throws: RotaError.self, "\(text)") { try JobDefinition.validateTime(date, field: "starts_at") }
        }
    }

    /// A job is refused when a time is out of range, its window is empty, its one-shot instant is
    /// out of range, or its schedule never fires; each message names the field.
    @Test func jobsWithImpossibleTimesOrSchedulesAreRefused() {
        let base = #""name":"x","command":"true""#
        let cases: [(String, String)] = [
            (#"{\#(base),"schedule":"@every 1m","starts_at":"0000-01-01T00:00:00Z"}"#, "starts_at: 0000-01-01T00:00:00Z is out of range"),
            (#"{\#(base),"schedule":"@every 1m","expires_at":"3100-01-01T00:00:00Z"}"#, "expires_at: 3100-01-01T00:00:00Z is out of range"),
            (#"{\#(base),"schedule":"@every 1m","starts_at":"2030-01-01T00:00:00+24:00"}"#, "starts_at: "),
            (#"{\#(base),"schedule":"@every 1m","starts_at":"2030-01-01T00:00:00Z","expires_at":"2029-01-01T00:00:00Z"}"#, "expires_at: must be after starts_at"),
            (#"{\#(base),"schedule":"@at 1969-07-20T20:17:00Z"}"#, "schedule: the time is out of range"),
            (#"{\#(base),"schedule":"0 0 30 2 *"}"#, "never fires"),
            (#"{\#(base),"schedule":"0 0 0 31 4,6,9,11 *"}"#, "never fires"),
            (#"{\#(base),"schedule":"@every 0s"}"#, "schedule: "),
            (#"{\#(base),"schedule":"@every -1s"}"#, "schedule: "),
            (#"{\#(base),"schedule":"@every 9999999999h"}"#, "out of range"),
            (#"{"name":"x","schedule":"@every 1m","executor":"shell","executor_config":{"command":"true","timeout":"0s"}}"#, "executor_config.timeout"),
            (#"{"name":"x","schedule":"@every 1m","executor":"shell","executor_config":{"command":"true","timeout":"99999999999h"}}"#, "executor_config.timeout"),
            (#"{\#(base),"schedule":"@every 1m","tags":{"a b":"x"}}"#, "tags.a b: "),
            (#"{\#(base),"schedule":"@every 1m","metadata":{"k]":"x"}}"#, "metadata.k]: "),
        ]
        for (json, mentions) in cases {
            do {
                _ = try JobDefinition.parse(try JSONValue.parse(Data(json.utf8)))
                Issue.record("accepted \(json)")
            } catch {
                #expect(error.message.contains(mentions), "\(json) → \(error.message)")
            }
        }
        // A one-shot in the past (re-submitted after it fired) is still accepted.
        #expect((try? JobDefinition.parse(try JSONValue.parse(Data(#"{\#(base),"schedule":"@at 2020-01-01T00:00:00Z"}"#.utf8)))) != nil)
    }

    // MARK: Durations

    /// However long the delay and however many tries, the wait stays at most a year: doubling a
    /// 292-year delay thirty times must not trap.
    @Test func retryDelaysAreCappedAtAYear() {
        let policy = RetryPolicy(retries: 100, delay: .seconds(9_000_000_000), exponentialBackoff: true, maxDelay: nil)
        for attempt in [2, 3, 32, 40, 101] {
            #expect(policy.delay(beforeTry: attempt) == RetryPolicy.longestDelay)
        }
        let decision = TaskTransitions.attemptFinished(succeeded: false, tryNumber: 40, policy: policy, now: Date(timeIntervalSince1970: 0))
        #expect(decision.readyAt == Date(timeIntervalSince1970: 365 * 86_400))
        #expect(RetryPolicy(retries: 3, delay: .seconds(10)).delay(beforeTry: 3) == .seconds(20))
    }

    // MARK: Paths

    /// `cwd` and `outputs` refuse NUL bytes and `..` components; other paths are the admin's.
    @Test func pathsWithParentComponentsOrNulBytesAreRefused() {
        for good in ["/data/out.csv", "relative/dir", "/a/..b/c..", "/srv/./x", "/"] {
            #expect(PathPolicy.problem(good) == nil, "\(good)")
        }
        for bad in ["..", "../x", "/data/../etc", "/data/..", "a/../../b", "/x\u{0}y", "/" + String(repeating: "a", count: 4096)] {
            #expect(PathPolicy.problem(bad) != nil, "\(bad.debugDescription)")
        }
        let config = ["command": "true", "cwd": "/srv/../etc"]
        #expect(throws: RotaError.self) { try ExecutorConfigRules.validate(executor: "shell", config: config) }
    }

    // MARK: Templates in here-documents

    /// Inside a here-document body the shell keeps the quotes Rota adds and runs `$(…)` in the
    /// value, so a template there is refused; before the body and after its delimiter line it is
    /// fine, and a here-string (`<<<`) is an ordinary word.
    @Test func templatesInHereDocumentBodiesAreRefused() {
        let refused = [
            "cat <<EOF\n{{ params.x }}\nEOF",
            "cat << EOF\nline {{ params.x }}\nEOF",
            "cat <<-EOF\n\tx {{ params.x }}\n\tEOF",
            "cat <<'EOF'\n{{ params.x }}\nEOF",
            "cat <<\"E O\"\n{{ params.x }}\nE O",
            "cat <<\\EOF\n{{ params.x }}\nEOF",
            "cat <<EOF | sort\na\nEOF2\n{{ params.x }}\nEOF",
            "cat <<A <<B\na\nA\n{{ params.x }}\nB",
            "cat <<EOF # note\n{{ params.x }}\nEOF",
            "cat <<EOF\nx \\\nEOF\n{{ params.x }}\nEOF",
            "cat <<{{ params.x }}\n{{ params.x }}\n",
        ]
        for command in refused {
            let problems = TemplateChecker.check(command, params: ["x"], tasks: [], mode: .shell)
            #expect(problems.contains { $0.contains("here-document") }, "\(command.debugDescription) → \(problems)")
        }
        let accepted = [
            "cat <<EOF > /tmp/f\nstatic\nEOF\necho {{ params.x }}",
            "cat <<-EOF\n\tstatic\n\tEOF\necho {{ params.x }}",
            "cat <<EOF; echo {{ params.x }}\nbody\nEOF",
            "cat <<< {{ params.x }}",
            "echo {{ params.x }} \"<<EOF\"\necho {{ params.x }}",
            "cat <<'EOF'\nx \\\nEOF\necho {{ params.x }}",
        ]
        for command in accepted {
            let problems = TemplateChecker.check(command, params: ["x"], tasks: [], mode: .shell)
            #expect(problems.isEmpty, "\(command.debugDescription) → \(problems)")
        }
    }
}
