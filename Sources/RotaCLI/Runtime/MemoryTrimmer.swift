import RotaCore
import ServiceLifecycle

/// Trims the heap every few seconds (`HeapTrim`): memory a burst freed goes back to the kernel
/// while the server idles. A trim of an idle heap costs well under a millisecond.
struct MemoryTrimmer: Service {
    var every: Duration = .seconds(10)

    func run() async throws {
        guard HeapTrim.isAvailable else { return }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: every)
                if Task.isCancelled { break }
                HeapTrim.trim()
            }
        }
    }
}
