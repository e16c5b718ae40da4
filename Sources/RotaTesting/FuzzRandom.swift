/// SplitMix64: tiny, fast and fully determined by its seed, so a failing property or fuzz test
/// reproduces from the seed it prints.
public struct FuzzRandom: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &self) }

    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// True `percent` times out of a hundred.
    public mutating func chance(_ percent: Int) -> Bool { int(0..<100) < percent }

    public mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }

    /// A decimal number with `digits` digits (leading zeros allowed).
    public mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(Unicode.Scalar(UInt8(ascii: "0") + UInt8(int(0...9)))) })
    }
}
