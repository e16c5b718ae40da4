import RotaCore
import RotaTesting
import Testing

/// Go's `time.ParseDuration` syntax and `Duration.String()` format.
@Suite struct GoDurationTests {
    /// Proves valid Go durations parse to the exact nanosecond count.
    @Test(arguments: [
        ("300ms", Int64(300_000_000)),
        ("1.5h", 5_400_000_000_000),
        ("1h30m", 5_400_000_000_000),
        ("2h45m", 9_900_000_000_000),
        ("90s", 90_000_000_000),
        ("-1.5h", -5_400_000_000_000),
        ("+5s", 5_000_000_000),
        ("0", 0),
        ("-0", 0),
        ("0s", 0),
        ("1ns", 1),
        ("1us", 1_000),
        ("1\u{00B5}s", 1_000),
        ("1\u{03BC}s", 1_000),
        (".5s", 500_000_000),
        ("1.s", 1_000_000_000),
        ("1h1h", 7_200_000_000_000),
        ("1.0000000001s", 1_000_000_000),
        ("0.333333333333h", 1_199_999_999_998),
        ("2562047h47m16.854775807s", Int64.max),
        ("-2562047h47m16.854775808s", Int64.min),
    ])
    func parsesGoSyntax(text: String, nanoseconds: Int64) throws {
        #expect(try GoDuration.parse(text) == .nanoseconds(nanoseconds))
    }

    /// Proves malformed Go durations are rejected with a message naming the problem.
    @Test(arguments: [
        ("", #"invalid duration "": empty string"#),
        ("-", #"invalid duration "-": missing number after sign"#),
        ("1", #"invalid duration "1": missing unit after "1""#),
        ("1.5", #"invalid duration "1.5": missing unit after "1.5""#),
        ("1h30", #"invalid duration "1h30": missing unit after "30""#),
        ("h", #"invalid duration "h": expected a number at "h""#),
        (".s", #"invalid duration ".s": expected a number at "s""#),
        ("1d", #"invalid duration "1d": unknown unit "d" (use ns, us, µs, ms, s, m or h)"#),
        ("5 s", #"invalid duration "5 s": unknown unit " s" (use ns, us, µs, ms, s, m or h)"#),
        ("9223372036854775808ns", #"invalid duration "9223372036854775808ns": out of range"#),
        ("3000000h", #"invalid duration "3000000h": out of range"#),
        ("99999999999999999999s", #"invalid duration "99999999999999999999s": out of range"#),
    ])
    func rejectsMalformedDurations(text: String, message: String) {
        #expect(throws: ScheduleError(message)) { try GoDuration.parse(text) }
    }

    /// Proves formatting matches Go's Duration.String().
    @Test(arguments: [
        (Int64(0), "0s"),
        (1, "1ns"),
        (1_500, "1.5\u{00B5}s"),
        (300_000_000, "300ms"),
        (1_500_000_000, "1.5s"),
        (60_000_000_000, "1m0s"),
        (5_400_000_000_000, "1h30m0s"),
        (5_410_000_000_000, "1h30m10s"),
        (-90_000_000_000, "-1m30s"),
        (3_723_000_000_001, "1h2m3.000000001s"),
        (Int64.max, "2562047h47m16.854775807s"),
    ])
    func formatsLikeGo(nanoseconds: Int64, text: String) {
        #expect(GoDuration.format(.nanoseconds(nanoseconds)) == text)
    }

    /// Proves format and parse round-trip.
    @Test func formatRoundTrips() throws {
        var rng = FuzzRandom(seed: 42)
        for _ in 0..<500 {
            let value = Int64.random(in: -10_000_000_000_000...10_000_000_000_000, using: &rng)
            let duration = Duration.nanoseconds(value)
            #expect(try GoDuration.parse(GoDuration.format(duration)) == duration)
        }
    }
}
