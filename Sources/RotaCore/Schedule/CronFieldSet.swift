/// The allowed values of one cron field, stored as a 64-bit mask.
///
/// Why a bit mask: every cron field fits in 0...63, so "is this value
/// allowed" and "what is the next allowed value at or after this one" are a
/// shift and a trailing-zero count. That is what lets the next-fire search
/// jump straight to the next candidate hour, minute or second instead of
/// stepping through time.
struct CronFieldSet: Equatable, Sendable {
    private(set) var bits: UInt64

    init(bits: UInt64 = 0) {
        self.bits = bits
    }

    /// `from`, `from + step`, ... up to and including `through`.
    static func values(from lower: Int, through upper: Int, step: Int = 1) -> CronFieldSet {
        var set = CronFieldSet()
        for value in stride(from: lower, through: upper, by: max(step, 1)) {
            set.insert(value)
        }
        return set
    }

    var isEmpty: Bool { bits == 0 }

    var count: Int { bits.nonzeroBitCount }

    /// The smallest member, if any.
    var first: Int? { next(atOrAfter: 0) }

    func contains(_ value: Int) -> Bool {
        guard (0..<64).contains(value) else { return false }
        return bits & (1 << UInt64(value)) != 0
    }

    /// The smallest member that is `>= value`, if any.
    func next(atOrAfter value: Int) -> Int? {
        guard value < 64 else { return nil }
        let masked = value <= 0 ? bits : bits & ~((1 << UInt64(value)) - 1)
        return masked == 0 ? nil : masked.trailingZeroBitCount
    }

    mutating func insert(_ value: Int) {
        precondition((0..<64).contains(value), "cron field values fit in 0...63")
        bits |= 1 << UInt64(value)
    }

    mutating func remove(_ value: Int) {
        guard (0..<64).contains(value) else { return }
        bits &= ~(1 << UInt64(value))
    }

    mutating func formUnion(_ other: CronFieldSet) {
        bits |= other.bits
    }
}
