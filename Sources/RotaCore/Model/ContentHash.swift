/// A stable content hash (64-bit FNV-1a, hex) for definition versions: not cryptographic, only
/// "did this text change", identical on every platform and every run.
public enum ContentHash {
    public static func hex(of text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
