import Synchronization

/// The bounded tail of one execution's output, written by the executor's reader thread and read
/// by the flusher that streams it to the Store.
///
/// Memory stays at `limit` bytes whatever the task prints; what was dropped is counted so the
/// stored output can say so.
public final class OutputCollector: Sendable {
    private struct State {
        var buffer: TailBuffer
        var version = 0
    }
    private let state: Mutex<State>

    public init(limit: Int) {
        state = Mutex(State(buffer: TailBuffer(limit: limit)))
    }

    public func append(_ bytes: [UInt8]) {
        state.withLock {
            $0.buffer.append(bytes)
            $0.version &+= 1
        }
    }

    public func append(_ text: String) { append(Array(text.utf8)) }

    /// A change counter, so the flusher writes only when something arrived.
    public var version: Int { state.withLock { $0.version } }

    /// The kept text, prefixed with a marker when earlier output was dropped.
    public func snapshot() -> (text: String, truncated: Bool) {
        state.withLock { state in
            let text = String(decoding: state.buffer.bytes, as: UTF8.self)
            let dropped = state.buffer.droppedBytes
            guard dropped > 0 else { return (text, false) }
            return ("[rota: output truncated, \(dropped) earlier bytes dropped]\n" + text, true)
        }
    }
}
