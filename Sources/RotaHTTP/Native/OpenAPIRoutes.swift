import Hummingbird
import NIOCore

/// `GET /openapi.json`: the OpenAPI document of the native API (`OpenAPIDocument`).
struct OpenAPIRoutes {
    func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
    }
}
