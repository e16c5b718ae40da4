import Testing
@testable import RotaWeb

@Suite struct HTMLEscapingTests {
    @Test func interpolatedStringsAreEscapedButHTMLIsNot() {
        let name = "<script>alert('x')</script> & \"q\""
        let bold: HTML = "<b>\(name)</b>"
        let page: HTML = "<p>\(bold)</p>"
        #expect(page.text == "<p><b>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</b></p>")
    }

    @Test func plainTextIsReturnedUnchanged() {
        #expect(HTMLEscape.escape("daily-backup 42") == "daily-backup 42")
        #expect(HTMLEscape.escape("héllo ✓") == "héllo ✓")
    }
}
