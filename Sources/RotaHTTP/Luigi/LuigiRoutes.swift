import Foundation
import Hummingbird
import NIOCore
import RotaCore
import RotaLuigi
import RotaStorage

/// Luigi's RPC endpoint, every route in this one function: `/api/<method>` (luigid's path) under
/// `prefix`, GET or POST, the keyword arguments as JSON in the `data` field of the query string or
/// of a form-encoded body, the reply `{"response": …}`.
///
/// Errors are answered here rather than by `APIMiddleware`, so the luigid-port listener and
/// `/luigi/api` on the main port reply identically: 404 for a method luigi does not have, 400 for
/// arguments it would reject, 503 when the Store cannot be written.
public struct LuigiRoutes: Sendable {
    let scheduler: LuigiScheduler

    public init(scheduler: LuigiScheduler) {
        self.scheduler = scheduler
    }

    public func register(on router: Router<RotaRequestContext>, prefix: String) {
        let group = prefix.isEmpty ? router.group("api") : router.group(RouterPath(prefix)).group("api")
        group.get(":method") { request, context in await rpc(request, context) }
        group.post(":method") { request, context in await rpc(request, context) }
    }

    private func rpc(_ request: Request, _ context: RotaRequestContext) async -> Response {
        let method = context.parameters.get("method") ?? ""
        var request = request
        do {
            guard LuigiScheduler.methods.contains(method) else { throw LuigiError.unknownMethod(method) }
            let text = try await Self.dataField(&request) ?? "{}"
            let data: JSONValue
            do {
                data = try JSONValue.parse(Data(text.utf8), nonFinite: true)
            } catch {
                throw LuigiError.badArguments("\(method): data is not valid JSON: \(error.message)")
            }
            let result = try await scheduler.call(method, data)
            return Self.json(.object(["response": result]), status: .ok)
        } catch let error as LuigiError {
            switch error {
            case .unknownMethod: return Self.json(Self.errorBody(error.description), status: .notFound)
            case .badArguments: return Self.json(Self.errorBody(error.description), status: .badRequest)
            }
        } catch let error as APIError {
            return Self.json(Self.errorBody(error.message), status: error.status)
        } catch {
            context.logger.error("luigi rpc failed", metadata: ["rota.error": "\(error)", "rota.luigi.method": "\(method)"])
            return Self.json(Self.errorBody("storage unavailable"), status: .serviceUnavailable)
        }
    }

    /// `data` from the query string, else from a form-encoded body (luigi 3.x POSTs one; older
    /// clients sent a body with GET).
    static func dataField(_ request: inout Request) async throws -> String? {
        if let raw = request.uri.queryParameters["data"] { return formDecode(String(raw)) }
        let body = try await request.bodyData(limit: 16 << 20)
        guard !body.isEmpty else { return nil }
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, formDecode(String(parts[0])) == "data" { return formDecode(String(parts[1])) }
        }
        return nil
    }

    /// `application/x-www-form-urlencoded` decoding: `+` is a space, then percent escapes.
    static func formDecode(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    static func errorBody(_ message: String) -> JSONValue {
        .object(["error": .object(["message": .string(message)])])
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        var data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        data.append(UInt8(ascii: "\n"))
        return Response(status: status, headers: [.contentType: "application/json; charset=UTF-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
