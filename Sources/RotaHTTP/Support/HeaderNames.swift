import HTTPTypes

/// The non-standard headers Rota sends, named once.
extension HTTPField.Name {
    static let xWhom = HTTPField.Name("X-Whom")!
    static let xTotalCount = HTTPField.Name("X-Total-Count")!
    static let allowOrigin = HTTPField.Name("Access-Control-Allow-Origin")!
    static let allowMethods = HTTPField.Name("Access-Control-Allow-Methods")!
    static let allowHeaders = HTTPField.Name("Access-Control-Allow-Headers")!
    static let exposeHeaders = HTTPField.Name("Access-Control-Expose-Headers")!
}

extension HTTPField.Name {
    static let csrfToken = HTTPField.Name("X-CSRF-Token")!
}
