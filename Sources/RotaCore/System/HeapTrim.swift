#if canImport(Glibc)
import Glibc
#endif

/// Hands the heap's free memory back to the kernel (glibc's `malloc_trim(0)`).
///
/// Why: glibc returns memory on its own only from the top of its main heap; what a burst freed
/// anywhere else (loading 100,000 jobs at start, a large restore) stays resident for the
/// process's life. Measured (bench W5-100k, PostgreSQL): a server started over 100,000 stored jobs
/// sat at 296 MB RSS, 122 MB once trimmed. Swift's Glibc module does not declare `malloc_trim`,
/// so it is looked up at run time; with another C library `trim()` does nothing.
public enum HeapTrim {
    private static let address: Int = {
        #if canImport(Glibc)
        return dlsym(nil, "malloc_trim").map { Int(bitPattern: $0) } ?? 0
        #else
        return 0
        #endif
    }()

    /// Whether this C library can trim.
    public static var isAvailable: Bool { address != 0 }

    /// Releases free memory from every arena; true when some was released.
    @discardableResult
    public static func trim() -> Bool {
        guard let pointer = UnsafeMutableRawPointer(bitPattern: address) else { return false }
        let mallocTrim = unsafeBitCast(pointer, to: (@convention(c) (Int) -> Int32).self)
        return mallocTrim(0) == 1
    }
}
