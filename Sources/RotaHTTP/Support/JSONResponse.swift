import Foundation
import Hummingbird
import NIOCore

/// JSON responses the way Dkron writes them: compact by default, indented with `?pretty`.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, request: Request,
                     headers: HTTPFields = [:]) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = request.uri.queryParameters["pretty"] != nil ? [.prettyPrinted, .withoutEscapingSlashes]
            : [.withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Request {
    /// Reads the whole body, refusing more than `limit` bytes with a 413.
    mutating func bodyData(limit: Int = 1 << 20) async throws -> Data {
        let tooLarge = APIError(.contentTooLarge, "request body larger than \(limit) bytes")
        if let length = headers[.contentLength].flatMap({ Int($0) }), length > limit { throw tooLarge }
        do {
            var buffer = try await collectBody(upTo: limit)
            return Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    /// A query parameter, percent-decoded.
    func query(_ name: String) -> String? {
        uri.queryParameters[name[...]].map { String($0).removingPercentEncoding ?? String($0) }
    }

    /// A whole-number query parameter within `range`, or `fallback` when it is absent.
    ///
    /// - Throws: `APIError` 400 "`name`: a whole number from `lower` to `upper`".
    func boundedInt(_ name: String, _ range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let raw = query(name) else { return fallback }
        guard let n = Int(raw), range.contains(n) else {
            throw APIError(.badRequest, "\(name): a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    /// `metadata[key]=value` pairs (gin's QueryMap).
    func queryMap(_ prefix: String) -> [String: String] {
        var out: [String: String] = [:]
        for (rawKey, rawValue) in uri.queryParameters {
            let key = String(rawKey).removingPercentEncoding ?? String(rawKey)
            guard key.hasPrefix(prefix + "["), key.hasSuffix("]") else { continue }
            let inner = key.dropFirst(prefix.count + 1).dropLast()
            out[String(inner)] = String(rawValue).removingPercentEncoding ?? String(rawValue)
        }
        return out
    }
}
