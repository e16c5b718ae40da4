/// A page that only says something: not found, or a bad request, with a way back.
public struct MessagePage: Sendable {
    public var title: String
    public var message: String
    public init(title: String, message: String) {
        self.title = title
        self.message = message
    }

    public func render() -> WebPage {
        WebPage(title: title, section: nil, body: "<h1>\(title)</h1><p>\(message)</p><p><a href=\"/\">Back to the overview</a></p>")
    }
}
