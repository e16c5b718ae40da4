import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RotaCore

/// Dkron's `http` executor: one request, success when the status is in `expectCode` (any 2xx
/// when unset) and the body matches `expectBody` (when set). The response body is the output.
public struct HTTPExecutor: TaskExecutor {
    private let client: HTTPClient

    /// - Parameter client: shared with the rest of the process; its owner shuts it down.
    public init(client: HTTPClient) {
        self.client = client
    }

    public func execute(_ request: ExecutionRequest, output: OutputCollector) async -> ExecutionResult {
        let config = request.spec.config
        var http = HTTPClientRequest(url: config["url"] ?? "")
        http.method = HTTPMethod(rawValue: (config["method"] ?? "GET").uppercased())
        if let headers = config["headers"], !headers.isEmpty,
           case .array(let items)? = try? JSONValue.parse(Data(headers.utf8)) {
            for case .string(let line) in items {
                guard let colon = line.firstIndex(of: ":") else { continue }
                http.headers.add(name: line[..<colon].trimmingCharacters(in: .whitespaces),
                                 value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
        }
        if let body = config["body"], !body.isEmpty {
            http.body = .bytes(ByteBuffer(string: body))
        }
        let seconds = Int64(config["timeout"] ?? "") ?? 30
        do {
            let response = try await client.execute(http, timeout: .seconds(seconds))
            var body = try await response.body.collect(upTo: 1 << 20)
            let text = body.readString(length: body.readableBytes) ?? ""
            if config["debug"].map({ !$0.isEmpty }) ?? false {
                output.append("\(http.method.rawValue) \(http.url) -> \(response.status.code)\n")
            }
            output.append(text)
            let code = Int(response.status.code)
            if !Self.expected(code, config["expectCode"]) {
                return ExecutionResult(succeeded: false, exitCode: code, reason: "unexpected HTTP status \(code)")
            }
            if let pattern = config["expectBody"], !pattern.isEmpty,
               let regex = try? NSRegularExpression(pattern: pattern),
               regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                return ExecutionResult(succeeded: false, exitCode: code, reason: "response body does not match expectBody")
            }
            return ExecutionResult(succeeded: true, exitCode: code)
        } catch is CancellationError {
            return ExecutionResult(succeeded: false, exitCode: nil, reason: "interrupted: the worker stopped", interrupted: true)
        } catch {
            output.append("rota: request failed: \(error)\n")
            return ExecutionResult(succeeded: false, exitCode: nil, reason: "request failed: \(error)")
        }
    }

    static func expected(_ code: Int, _ list: String?) -> Bool {
        guard let list, !list.isEmpty else { return (200..<300).contains(code) }
        return list.split(separator: ",").contains { Int($0.trimmingCharacters(in: .whitespaces)) == code }
    }
}
