extension String {
    /// Whether `needle` occurs in this string, compared byte for byte (UTF-8).
    ///
    /// Why not `contains(_:)`: with Foundation imported, `String.contains(String)` resolves to
    /// Foundation's overload, which bridges both strings to `NSString` and searches with
    /// locale-aware options. On the per-task path (template markers, environment names) that was
    /// ~3 % of Rota's CPU in bench W1. Byte equality is what those checks mean anyway.
    public func containsBytes(of needle: String) -> Bool {
        var needle = needle
        return needle.withUTF8 { target in
            guard let first = target.first else { return true }
            var haystack = self
            return haystack.withUTF8 { bytes in
                guard bytes.count >= target.count else { return false }
                var index = 0
                let last = bytes.count - target.count
                while index <= last {
                    if bytes[index] == first {
                        var matched = 1
                        while matched < target.count && bytes[index + matched] == target[matched] { matched += 1 }
                        if matched == target.count { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }
}
