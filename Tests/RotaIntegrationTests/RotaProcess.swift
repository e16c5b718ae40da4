import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RotaCore
import RotaTesting

/// A real `rota` process started from the built binary, on a free loopback port, in its own
/// temporary home. Tests drive it over HTTP and stop it with a signal.
final class RotaProcess: @unchecked Sendable {
    static var binary: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [".build/debug/rota", ".build/release/rota"].map { root.appendingPathComponent($0).path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    let home: String
    let process = Process()
    private let stdout = Pipe()
    private(set) var baseURL = ""
    let stderrPath: String

    /// Starts `rota standalone` (or `arguments`) with `home` as its data directory.
    init(home: String, extraArguments: [String] = [], environment: [String: String] = [:], command: String = "standalone",
         nodeName: String = "test-node") throws {
        self.home = home
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        stderrPath = home + "/stderr.log"
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = [command, "--port", "0", "--home", home, "--jobs-dir", home + "/jobs",
                             "--node-name", nodeName] + extraArguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ROTA_") }
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: home)
        process.standardOutput = stdout
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        try process.run()
    }

    /// Waits for the "listening on" line and returns the base URL.
    func waitUntilListening(timeout: Double = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var seen = ""
        let handle = stdout.fileHandleForReading
        while Date() < deadline {
            let data = handle.availableData
            if data.isEmpty {
                if !process.isRunning { break }
                continue
            }
            seen += String(decoding: data, as: UTF8.self)
            if let range = seen.range(of: "listening on "), let end = seen[range.upperBound...].firstIndex(where: \.isWhitespace) {
                baseURL = String(seen[range.upperBound..<end])
                return
            }
        }
        throw TestFailure("rota did not start: \(seen)\n\(stderr)")
    }

    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
    var pid: Int32 { process.processIdentifier }

    /// Sends `signal` and waits for the process to exit.
    func stop(signal: Int32 = SIGTERM) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }

    deinit { stop(signal: SIGKILL) }

    // MARK: HTTP

    struct HTTPResult {
        var status: Int
        var headers: HTTPHeaders
        var text: String
        var json: JSONValue { (try? JSONValue.parse(Data(text.utf8))) ?? .null }
    }

    func request(_ method: HTTPMethod, _ path: String, body: String? = nil,
                 contentType: String = "application/json", headers: [String: String] = [:]) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        var buffer = try await response.body.collect(upTo: 64 << 20)
        return HTTPResult(status: Int(response.status.code), headers: response.headers,
                          text: buffer.readString(length: buffer.readableBytes) ?? "")
    }

    /// Polls `condition` (an HTTP read) until it holds or `timeout` passes. The default is long on
    /// purpose: it only bounds how long a failing test waits, and at the start of the integration
    /// phase ~18 suites start Chromium, luigid, PostgreSQL clients and rota processes at once on 2
    /// cores (an `@every 1s` job once needed more than 20 s for its third execution then).
    func eventually(timeout: Double = 60, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension JSONValue {
    subscript(_ key: String) -> JSONValue? { objectValue?[key] }
    var arrayValue: [JSONValue] { if case .array(let a) = self { return a } else { return [] } }
    var intValue: Int? { if case .number(let n) = self { return Int(n) } else { return nil } }
    var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
}

/// A temporary home folder, removed at the end of a test.
func withHome(_ body: (String) async throws -> Void) async throws {
    let home = NSTemporaryDirectory() + "rota-it-" + UUID().uuidString.prefix(8)
    try FileManager.default.createDirectory(atPath: home + "/jobs", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: home) }
    try await body(home)
}

/// A temporary home and a fresh database of `backend`; `body` gets the home and the extra
/// arguments that point `rota` at the database.
func withHome(_ backend: StoreBackend, _ body: (String, [String]) async throws -> Void) async throws {
    let (arguments, drop) = try await backend.processDatabase()
    do {
        try await withHome { home in try await body(home, arguments) }
    } catch {
        await drop()
        throw error
    }
    await drop()
}

/// Runs the `rota` binary to completion and returns its exit code and combined output.
func runRota(_ arguments: [String], stdin: String? = nil, cwd: String? = nil,
             environment: [String: String] = [:]) throws -> (code: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: RotaProcess.binary)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ROTA_") }
    for (k, v) in environment { env[k] = v }
    process.environment = env
    if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
