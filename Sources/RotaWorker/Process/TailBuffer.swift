/// Keeps the last `limit` bytes of a stream and counts what fell off the front.
///
/// Why: a job may print gigabytes, but an execution record only needs the end of
/// it (where the error usually is). Memory stays at `limit` bytes however much is
/// appended, and `droppedBytes` lets the UI say "N earlier bytes omitted".
///
/// Storage grows with the data until it reaches `limit` and only then turns into a
/// ring, so thousands of small runs do not each reserve the full limit up front.
/// It is a value type: the process supervisor owns one on its thread; anyone sharing
/// one across threads keeps it under their own lock (e.g. `Mutex<TailBuffer>`).
public struct TailBuffer: Sendable, Equatable {
    /// The maximum number of bytes kept.
    public let limit: Int
    /// How many bytes were discarded from the front so far.
    public private(set) var droppedBytes: Int = 0

    /// Until full: the bytes in order. Once full (`count == limit`): a ring whose
    /// oldest byte is at `start`.
    private var storage: [UInt8] = []
    private var start = 0

    /// Creates an empty buffer; a negative limit is treated as 0 (keep nothing).
    public init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// The number of bytes currently kept (never more than `limit`).
    public var count: Int { storage.count }

    /// Every byte appended so far, kept or not.
    public var totalBytes: Int { droppedBytes + storage.count }

    /// The kept bytes, oldest first.
    public var bytes: [UInt8] {
        if start == 0 { return storage }
        var result: [UInt8] = []
        result.reserveCapacity(storage.count)
        result.append(contentsOf: storage[start...])
        result.append(contentsOf: storage[..<start])
        return result
    }

    /// Appends `bytes`, discarding the oldest ones beyond `limit`.
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    /// Appends the bytes of a raw buffer (no intermediate array), discarding the
    /// oldest ones beyond `limit`.
    public mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        let incoming = bytes.count
        guard incoming > 0 else { return }
        guard limit > 0 else {
            droppedBytes += incoming
            return
        }
        if incoming >= limit {
            // The new chunk alone fills the buffer: everything older goes.
            droppedBytes += storage.count + (incoming - limit)
            storage = Array(bytes[(incoming - limit)...])
            start = 0
            return
        }
        var remaining = UnsafeBufferPointer(rebasing: bytes[...])
        if storage.count < limit {
            // Growth phase: append what fits without overwriting anything.
            let fitting = min(limit - storage.count, incoming)
            storage.append(contentsOf: remaining.prefix(fitting))
            remaining = UnsafeBufferPointer(rebasing: remaining[fitting...])
        }
        guard !remaining.isEmpty else { return }
        // Ring phase: overwrite the oldest bytes, possibly wrapping around once
        // (the remainder is shorter than `limit`).
        droppedBytes += remaining.count
        let source = remaining.baseAddress!
        let firstPart = min(remaining.count, limit - start)
        storage.withUnsafeMutableBufferPointer { ring in
            let ringBase = ring.baseAddress!
            (ringBase + start).update(from: source, count: firstPart)
            ringBase.update(from: source + firstPart, count: remaining.count - firstPart)
        }
        start = (start + remaining.count) % limit
    }

    /// Two buffers are equal when they keep the same bytes under the same limit and
    /// dropped the same amount, whatever their internal ring position.
    public static func == (lhs: TailBuffer, rhs: TailBuffer) -> Bool {
        lhs.limit == rhs.limit && lhs.droppedBytes == rhs.droppedBytes && lhs.bytes == rhs.bytes
    }
}
