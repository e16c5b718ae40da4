import Testing
import RotaCore

/// ISO 8601 durations as used by `@after`'s grace period.
@Suite struct ISODurationTests {
    /// Proves each component and the documented approximations (Y = 365 d, M = 30 d, W = 7 d).
    @Test(arguments: [
        ("PT30M", Int64(1_800)),
        ("PT2H", 7_200),
        ("PT45S", 45),
        ("P1D", 86_400),
        ("P1Y", 31_536_000),
        ("P1M", 2_592_000),
        ("P2W", 1_209_600),
        ("P1DT2H30M", 95_400),
        ("P1Y2M3DT4H5M6S", 36_993_906),  // 31_536_000 + 5_184_000 + 259_200 + 14_400 + 300 + 6
        ("PT0S", 0),
        ("P0D", 0),
    ])
    func parsesWholeUnits(text: String, seconds: Int64) throws {
        #expect(try ISODuration.parse(text) == .seconds(seconds))
    }

    /// Proves seconds may carry a fraction written with "." or ",".
    @Test func secondsMayBeFractional() throws {
        #expect(try ISODuration.parse("PT0.5S") == .milliseconds(500))
        #expect(try ISODuration.parse("PT1,25S") == .milliseconds(1_250))
        #expect(try ISODuration.parse("PT1M0.000000001S") == .seconds(60) + .nanoseconds(1))
    }

    /// Proves malformed ISO durations are rejected with a message naming the problem.
    @Test(arguments: [
        ("", #"invalid ISO 8601 duration "": empty string"#),
        ("30M", #"invalid ISO 8601 duration "30M": must start with "P""#),
        ("P", #"invalid ISO 8601 duration "P": no components after "P""#),
        ("PT", #"invalid ISO 8601 duration "PT": "T" must be followed by hours, minutes or seconds"#),
        ("P1H", #"invalid ISO 8601 duration "P1H": unexpected "H" in the date part"#),
        ("PT1D", #"invalid ISO 8601 duration "PT1D": unexpected "D" in the time part"#),
        ("PT1M1H", #"invalid ISO 8601 duration "PT1M1H": "H" is repeated or out of order"#),
        ("P1D1D", #"invalid ISO 8601 duration "P1D1D": "D" is repeated or out of order"#),
        ("PT1HT1M", #"invalid ISO 8601 duration "PT1HT1M": "T" appears twice"#),
        ("P1W1D", #"invalid ISO 8601 duration "P1W1D": weeks cannot be combined with other units"#),
        ("P1.5D", #"invalid ISO 8601 duration "P1.5D": only seconds may have a fraction"#),
        ("PT1.S", #"invalid ISO 8601 duration "PT1.S": missing digits after ".""#),
        ("P1", #"invalid ISO 8601 duration "P1": missing unit after "1""#),
        ("PxD", #"invalid ISO 8601 duration "PxD": expected a number at "xD""#),
        ("pt1h", #"invalid ISO 8601 duration "pt1h": must start with "P""#),
        ("P99999999999999999999D", #"invalid ISO 8601 duration "P99999999999999999999D": "99999999999999999999" is too large"#),
        ("P999999999999999Y", #"invalid ISO 8601 duration "P999999999999999Y": too large"#),
    ])
    func rejectsMalformedDurations(text: String, message: String) {
        #expect(throws: ScheduleError(message)) { try ISODuration.parse(text) }
    }
}
