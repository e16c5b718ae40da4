import RotaCore
import Testing

@Suite("Byte search")
struct ByteSearchTests {
    @Test func findsANeedleAnywhereAndOnlyWhereItsBytesAre() {
        #expect("echo {{ ds }}".containsBytes(of: "{{"))
        #expect("{{".containsBytes(of: "{{"))
        #expect("a tasks.x.result".containsBytes(of: "tasks."))
        #expect("ends with {".containsBytes(of: "{{") == false)
        #expect("{ {".containsBytes(of: "{{") == false)
        #expect("task".containsBytes(of: "tasks.") == false)
        #expect("".containsBytes(of: "x") == false)
        #expect("anything".containsBytes(of: ""))
        #expect("ttttasks.".containsBytes(of: "tasks."))
    }

    /// Byte equality, not Unicode equivalence: "é" as one scalar and as "e" + a combining accent
    /// are different text for a template marker or an environment name.
    @Test func comparesUTF8BytesNotCanonicalEquivalence() {
        #expect("café {{".containsBytes(of: "é"))
        #expect("cafe\u{301}".containsBytes(of: "\u{e9}") == false)
        #expect("x=1".containsBytes(of: "="))
    }
}
