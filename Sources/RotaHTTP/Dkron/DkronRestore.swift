import Foundation
import Hummingbird
import RotaCore
import RotaEngine

/// `POST /v1/restore`: a JSON array of jobs (multipart field `file`, or a plain JSON body),
/// created parents first, existing jobs overwritten. Answers, like Dkron, with a JSON string that
/// holds a JSON array of per-job results.
struct DkronRestore {
    let catalog: JobCatalog

    func respond(_ request: Request) async throws -> Response {
        var request = request
        let body = try await request.bodyData(limit: 32 << 20)
        let json = try Self.fileContent(body, contentType: request.headers[.contentType] ?? "")
        guard case .array(let items) = try JSONValue.parse(json) else {
            throw RotaError.invalid("restore: expected a JSON array of jobs")
        }
        var jobs: [JobDefinition] = []
        for (index, item) in items.enumerated() {
            do { jobs.append(try JobDefinition.parse(item)) } catch {
                throw RotaError.invalid("restore: job \(index): \(error.message)")
            }
        }
        let ordered = Self.parentsFirst(jobs)
        let outcomes = await catalog.restore(ordered)
        let results = zip(ordered, outcomes).map { job, outcome in
            switch outcome {
            case .success: "success create \(job.name)"
            case .failure(let error): "fail create \(job.name): \(error)"
            }
        }
        let encoded = String(decoding: try JSONEncoder().encode(results), as: UTF8.self)
        return try JSONResponse.make(encoded, request: request)
    }

    static func parentsFirst(_ jobs: [JobDefinition]) -> [JobDefinition] {
        var done: Set<String> = []
        var ordered: [JobDefinition] = []
        var pending = jobs
        while !pending.isEmpty {
            let names = Set(pending.map(\.name))
            let ready = pending.filter { $0.parentJob.isEmpty || done.contains($0.parentJob) || !names.contains($0.parentJob) }
            if ready.isEmpty { return ordered + pending }
            ordered += ready
            done.formUnion(ready.map(\.name))
            pending.removeAll { done.contains($0.name) }
        }
        return ordered
    }

    /// The `file` part of a multipart body, or the body itself when it is not multipart.
    static func fileContent(_ body: Data, contentType: String) throws -> Data {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return body }
        guard let range = contentType.range(of: "boundary=") else {
            throw RotaError.invalid("restore: multipart body without a boundary")
        }
        let boundary = contentType[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        let text = String(decoding: body, as: UTF8.self)
        for part in text.components(separatedBy: "--" + boundary) {
            guard let headerEnd = part.range(of: "\r\n\r\n") else { continue }
            let headers = part[..<headerEnd.lowerBound].lowercased()
            guard headers.contains("name=\"file\"") else { continue }
            var content = String(part[headerEnd.upperBound...])
            if content.hasSuffix("\r\n") { content.removeLast() }  // "\r\n" is one Character
            return Data(content.utf8)
        }
        throw RotaError.invalid("restore: multipart body has no \"file\" field")
    }
}
