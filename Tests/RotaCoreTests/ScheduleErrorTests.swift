import Testing
import RotaCore

/// Every rejection, with its exact message.
@Suite struct ScheduleErrorTests {
    /// Proves each malformed schedule is rejected with a message naming the schedule, field and token.
    @Test(arguments: [
        ("", #"schedule "": empty schedule"#),
        ("   ", #"schedule "   ": empty schedule"#),
        ("* * * *", #"schedule "* * * *": expected 5 or 6 fields, got 4"#),
        ("* * * * * * *", #"schedule "* * * * * * *": expected 5 or 6 fields, got 7"#),
        ("0 61 * * * *", #"schedule "0 61 * * * *": minute field: 61 is out of range 0-59"#),
        ("60 * * * * *", #"schedule "60 * * * * *": second field: 60 is out of range 0-59"#),
        ("0 0 24 * * *", #"schedule "0 0 24 * * *": hour field: 24 is out of range 0-23"#),
        ("0 0 0 0 * *", #"schedule "0 0 0 0 * *": day-of-month field: 0 is out of range 1-31"#),
        ("0 0 0 32 * *", #"schedule "0 0 0 32 * *": day-of-month field: 32 is out of range 1-31"#),
        ("0 0 0 * 13 *", #"schedule "0 0 0 * 13 *": month field: 13 is out of range 1-12"#),
        ("0 0 0 * * 8", #"schedule "0 0 0 * * 8": day-of-week field: 8 is out of range 0-7"#),
        ("0 5-70 * * * *", #"schedule "0 5-70 * * * *": minute field: 70 is out of range 0-59"#),
        ("0 99999999999999999999 * * * *",
         #"schedule "0 99999999999999999999 * * * *": minute field: 99999999999999999999 is out of range 0-59"#),
        ("0 0 20-5 * * *", #"schedule "0 0 20-5 * * *": hour field: range "20-5" starts after it ends"#),
        ("0 0 0 * * SAT-SUN", #"schedule "0 0 0 * * SAT-SUN": day-of-week field: range "SAT-SUN" starts after it ends"#),
        ("0 0 0 * JANUARY *", #"schedule "0 0 0 * JANUARY *": month field: "JANUARY" is not a valid value"#),
        ("0 0 0 * * MONDAY", #"schedule "0 0 0 * * MONDAY": day-of-week field: "MONDAY" is not a valid value"#),
        ("0 0 0 * MON *", #"schedule "0 0 0 * MON *": month field: "MON" is not a valid value"#),
        ("0 abc * * * *", #"schedule "0 abc * * * *": minute field: "abc" is not a valid value"#),
        ("*/0 * * * * *", #"schedule "*/0 * * * * *": second field: step "0" in "*/0" must be a positive integer"#),
        ("0 */x * * * *", #"schedule "0 */x * * * *": minute field: step "x" in "*/x" must be a positive integer"#),
        ("0 5/ * * * *", #"schedule "0 5/ * * * *": minute field: step "" in "5/" must be a positive integer"#),
        ("0 */2/3 * * * *", #"schedule "0 */2/3 * * * *": minute field: "*/2/3" has more than one "/""#),
        ("0 1-2-3 * * * *", #"schedule "0 1-2-3 * * * *": minute field: "1-2-3" has more than one "-""#),
        ("0 -5 * * * *", #"schedule "0 -5 * * * *": minute field: "-5" is missing a value"#),
        ("0 1,,2 * * * *", #"schedule "0 1,,2 * * * *": minute field: empty item in list "1,,2""#),
        ("0 ? * * * *", #"schedule "0 ? * * * *": minute field: "?" is only allowed in day-of-month and day-of-week"#),
        ("0 0 0 * ? *", #"schedule "0 0 0 * ? *": month field: "?" is only allowed in day-of-month and day-of-week"#),
        ("0 0 0 30 2 *", #"schedule "0 0 0 30 2 *": never fires: day-of-month "30" never occurs in month "2""#),
        ("0 0 0 31 4,6,9,11 *",
         #"schedule "0 0 0 31 4,6,9,11 *": never fires: day-of-month "31" never occurs in month "4,6,9,11""#),
        ("@fortnightly", #"schedule "@fortnightly": unknown descriptor "@fortnightly""#),
        ("@Daily", #"schedule "@Daily": unknown descriptor "@Daily""#),
        ("@daily 5", #"schedule "@daily 5": "@daily" takes no arguments"#),
        ("@manually now", #"schedule "@manually now": "@manually" takes no arguments"#),
        ("@every", #"schedule "@every": "@every" expects one Go duration, e.g. "@every 1h30m""#),
        ("@every 1d", #"schedule "@every 1d": invalid duration "1d": unknown unit "d" (use ns, us, µs, ms, s, m or h)"#),
        ("@every 300ms", #"schedule "@every 300ms": "@every" interval must be at least 1s, got 300ms"#),
        ("@every 0s", #"schedule "@every 0s": "@every" interval must be at least 1s, got 0s"#),
        ("@every -5s", #"schedule "@every -5s": "@every" interval must be at least 1s, got -5s"#),
        ("@every 1500ms", #"schedule "@every 1500ms": "@every" interval must be a whole number of seconds, got 1.5s"#),
        ("@at", #"schedule "@at": "@at" expects one RFC 3339 time, e.g. "@at 2024-01-01T09:00:00Z""#),
        ("@at tomorrow", #"schedule "@at tomorrow": invalid RFC 3339 time "tomorrow""#),
        ("@at 2024-01-01T09:00:00", #"schedule "@at 2024-01-01T09:00:00": invalid RFC 3339 time "2024-01-01T09:00:00""#),
        ("@after 2024-01-01T09:00:00Z",
         #"schedule "@after 2024-01-01T09:00:00Z": "@after" expects an RFC 3339 time and a grace period, e.g. "@after 2024-01-01T09:00:00Z <PT30M""#),
        ("@after 2024-01-01T09:00:00Z PT30M",
         #"schedule "@after 2024-01-01T09:00:00Z PT30M": grace period must start with "<", got "PT30M""#),
        ("@after 2024-01-01T09:00:00Z <30m",
         #"schedule "@after 2024-01-01T09:00:00Z <30m": invalid ISO 8601 duration "30m": must start with "P""#),
        ("@after 2024-01-01T09:00:00Z <PT0S",
         #"schedule "@after 2024-01-01T09:00:00Z <PT0S": grace period must be greater than zero"#),
        ("@after yesterday <PT1H", #"schedule "@after yesterday <PT1H": invalid RFC 3339 time "yesterday""#),
        ("TZ=Mars/Base 0 * * * * *", #"schedule "TZ=Mars/Base 0 * * * * *": unknown time zone "Mars/Base""#),
        ("TZ=UTC", #"schedule "TZ=UTC": a time zone prefix needs a schedule after it"#),
        ("CRON_TZ=UTC @at 2024-01-01T09:00:00Z",
         #"schedule "CRON_TZ=UTC @at 2024-01-01T09:00:00Z": a time zone prefix is not allowed with "@at""#),
    ])
    func rejectsWithExactMessage(text: String, message: String) {
        #expect(ScheduleTestSupport.parseError(text) == message)
    }

    /// Proves an error involving `~` says what the token resolved to.
    @Test func tildeErrorsShowTheResolvedValue() {
        #expect(ScheduleTestSupport.parseError("0 ~-10 * * * *", jobName: "job")
            == #"schedule "0 ~-10 * * * *": minute field: range "15-10" starts after it ends (~ resolves to 15)"#)
    }

    /// Proves the error's description is its message.
    @Test func descriptionIsTheMessage() {
        let error = ScheduleError("boom")
        #expect(error.description == "boom")
        #expect("\(error)" == "boom")
        #expect(ScheduleError(message: "boom") == error)
    }
}
