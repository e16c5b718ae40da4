import Testing
import RotaWorker

struct TailBufferTests {
    /// Data under the limit is kept whole and nothing is counted as dropped.
    @Test func keepsEverythingUnderLimit() {
        var buffer = TailBuffer(limit: 10)
        buffer.append([1, 2, 3])
        buffer.append([4, 5])
        #expect(buffer.bytes == [1, 2, 3, 4, 5])
        #expect(buffer.droppedBytes == 0)
        #expect(buffer.totalBytes == 5)
    }

    /// Past the limit the oldest bytes go, across ring wrap-arounds.
    @Test func keepsTailAcrossWrapAround() {
        var buffer = TailBuffer(limit: 5)
        buffer.append([1, 2, 3])
        buffer.append([4, 5, 6, 7])
        #expect(buffer.bytes == [3, 4, 5, 6, 7])
        #expect(buffer.droppedBytes == 2)
        buffer.append([8])
        buffer.append([9, 10, 11])
        #expect(buffer.bytes == [7, 8, 9, 10, 11])
        #expect(buffer.droppedBytes == 6)
        #expect(buffer.count == 5)
    }

    /// A single chunk larger than the limit keeps only its own tail.
    @Test func chunkLargerThanLimitKeepsItsTail() {
        var buffer = TailBuffer(limit: 4)
        buffer.append([1, 2])
        buffer.append(Array(3...10))
        #expect(buffer.bytes == [7, 8, 9, 10])
        #expect(buffer.droppedBytes == 6)
    }

    /// A zero (or negative) limit keeps nothing and counts everything as dropped.
    @Test(arguments: [0, -5])
    func zeroLimitKeepsNothing(limit: Int) {
        var buffer = TailBuffer(limit: limit)
        buffer.append([1, 2, 3])
        #expect(buffer.bytes.isEmpty)
        #expect(buffer.droppedBytes == 3)
    }

    /// Random chunk sequences give the same result as keeping everything and taking the suffix.
    @Test(arguments: [1, 7, 64, 1000])
    func matchesNaiveSuffix(limit: Int) {
        var generator = SplitMix64(seed: UInt64(limit))
        var buffer = TailBuffer(limit: limit)
        var everything: [UInt8] = []
        for _ in 0..<500 {
            let length = Int(generator.next() % UInt64(limit * 2 + 3))
            let chunk = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            buffer.append(chunk)
            everything += chunk
            #expect(buffer.count <= limit)
        }
        #expect(buffer.bytes == Array(everything.suffix(limit)))
        #expect(buffer.droppedBytes == everything.count - min(limit, everything.count))
    }

    /// Buffers holding the same bytes compare equal whatever their ring position.
    @Test func equalityIgnoresRingPosition() {
        var rotated = TailBuffer(limit: 3)
        rotated.append([9, 1])
        rotated.append([2, 3])
        var straight = TailBuffer(limit: 3)
        straight.append([0])
        straight.append([1, 2, 3])
        #expect(rotated == straight)
    }
}

/// A small deterministic generator so failures reproduce.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
