/// Builds a NULL-terminated `char *[]` (argv or envp) in one allocation for the
/// duration of a closure.
///
/// Why: `posix_spawn` needs C string arrays, and building them with one
/// `strdup` per string costs an allocation each on the hot path of every run. Here
/// the strings are packed back to back into a single buffer, and the pointer array
/// into a second one, both freed when `body` returns.
enum CStringArray {
    /// Throws if a string contains a NUL byte, which C would silently truncate (an
    /// argument or environment value cut short is worse than a launch error).
    static func validate(_ strings: [String], what: String) throws(ProcessLaunchError) {
        for string in strings where string.utf8.contains(0) {
            throw ProcessLaunchError("\(what) contains a NUL byte: \(string.debugDescription)")
        }
    }

    /// Calls `body` with a NULL-terminated array of C strings holding `strings`
    /// (which must have passed `validate`).
    static func with<Result>(
        _ strings: [String],
        _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
    ) -> Result {
        var totalBytes = 0
        for string in strings {
            totalBytes += string.utf8.count + 1
        }

        let characters = UnsafeMutablePointer<CChar>.allocate(capacity: max(totalBytes, 1))
        defer { characters.deallocate() }
        let pointers = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(
            capacity: strings.count + 1)
        defer { pointers.deallocate() }

        var offset = 0
        for (index, string) in strings.enumerated() {
            let start = characters + offset
            pointers[index] = start
            let copied = string.utf8.withContiguousStorageIfAvailable { utf8 -> Int in
                guard let base = utf8.baseAddress else { return 0 }
                UnsafeMutableRawPointer(start).copyMemory(from: base, byteCount: utf8.count)
                return utf8.count
            }
            if let copied {
                offset += copied
            } else {
                for byte in string.utf8 {
                    characters[offset] = CChar(bitPattern: byte)
                    offset += 1
                }
            }
            characters[offset] = 0
            offset += 1
        }
        pointers[strings.count] = nil
        return body(pointers)
    }
}
