import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RotaCore

/// The CLI's HTTP client for a running Rota. Errors come back as the server's message.
///
/// With auth on, the token comes from `ROTA_TOKEN` (sent as a bearer token).
struct APIClient {
    let base: String
    var token: String? = ProcessInfo.processInfo.environment["ROTA_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }

    func callText(_ method: HTTPMethod, _ path: String, body: Data? = nil) async throws -> String {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        } catch {
            throw CLIError("cannot reach Rota at \(base): is `rota standalone` running? (\(error))")
        }
        var buffer = try await response.body.collect(upTo: 64 << 20)
        let text = buffer.readString(length: buffer.readableBytes) ?? ""
        guard (200..<300).contains(response.status.code) else {
            let parsed = (try? JSONValue.parse(Data(text.utf8)))?.objectValue
            let message = parsed?["error"]?.objectValue?["message"]?.stringValue
            let detail = parsed?["detail"]?.stringValue
            throw CLIError("\(response.status.code): \(message ?? detail ?? text)")
        }
        return text
    }

    func call(_ method: HTTPMethod, _ path: String, body: Data? = nil) async throws -> JSONValue {
        let text = try await callText(method, path, body: body)
        return (try? JSONValue.parse(Data(text.utf8))) ?? .null
    }
}

/// A failure reported by the server or the network: printed as `Error: …` without the usage text
/// ArgumentParser adds to validation errors.
struct CLIError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// Plain-text columns for terminal output.
enum Table {
    static func render(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = [Int](repeating: 0, count: first.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
