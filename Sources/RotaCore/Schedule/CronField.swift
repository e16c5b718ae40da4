/// The six positions of a cron expression and what each one accepts.
///
/// Why a table: bounds, value names, whether `?` is allowed and the modulus
/// Dkron applies to the job-name hash `~` all differ per position. Keeping
/// them here lets one generic field parser serve every position and name the
/// field in its error messages.
enum CronField: Int, CaseIterable, Sendable {
    case second, minute, hour, dayOfMonth, month, dayOfWeek

    /// The name used in error messages.
    var label: String {
        switch self {
        case .second: "second"
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    var lowerBound: Int {
        switch self {
        case .second, .minute, .hour, .dayOfWeek: 0
        case .dayOfMonth, .month: 1
        }
    }

    /// The highest value that may be written (7 is accepted as Sunday).
    var upperBound: Int {
        switch self {
        case .second, .minute: 59
        case .hour: 23
        case .dayOfMonth: 31
        case .month: 12
        case .dayOfWeek: 7
        }
    }

    /// Where `*` and the open-ended `a/n` stop. Only differs from
    /// `upperBound` for day-of-week, whose `*` means 0-6 as in robfig/cron.
    var implicitUpperBound: Int {
        self == .dayOfWeek ? 6 : upperBound
    }

    /// Three-letter names, matched case-insensitively.
    var names: [String: Int] {
        switch self {
        case .month:
            ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
             "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12]
        case .dayOfWeek:
            ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]
        default:
            [:]
        }
    }

    /// `?` means "no restriction" and exists to leave one of the two day
    /// fields blank, so only those two accept it (as Dkron documents).
    var acceptsQuestionMark: Bool {
        self == .dayOfMonth || self == .dayOfWeek
    }

    /// The value Dkron substitutes for `~` in this position, given the sum
    /// of the job name's Unicode scalar values (see `JobNameHash`).
    func tildeValue(nameSum: Int) -> Int {
        switch self {
        case .second, .minute: nameSum % 60
        case .hour: nameSum % 24
        case .dayOfMonth: nameSum % 28 + 1
        case .month: nameSum % 12 + 1
        case .dayOfWeek: nameSum % 7
        }
    }
}
