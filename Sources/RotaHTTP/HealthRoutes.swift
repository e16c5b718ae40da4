import Foundation
import Hummingbird
import NIOCore
import Prometheus
import RotaCore
import RotaEngine
import RotaStorage

/// `/health` (Dkron's shape) and `/metrics` (Prometheus text).
struct HealthRoutes {
    let engine: Engine
    let registry: PrometheusCollectorRegistry

    func register(on router: Router<RotaRequestContext>) {
        router.get("health") { request, _ in
            do {
                try await engine.store.probeHealth()
                return try JSONResponse.make(Healthy(status: "healthy", leader: true), request: request)
            } catch {
                return try JSONResponse.make(Unhealthy(status: "unhealthy", issues: ["storage: \(error)"]),
                                             status: .serviceUnavailable, request: request)
            }
        }
        router.get("metrics") { _, _ in
            if let depth = try? await engine.store.taskCountClaimable() { EngineMetrics.queueDepth.record(depth) }
            if let running = try? await engine.store.attemptsRunning() { EngineMetrics.running.record(running.count) }
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }

    struct Healthy: Encodable { var status: String; var leader: Bool }
    struct Unhealthy: Encodable { var status: String; var issues: [String] }
}

extension Store {
    /// What `/health` asks of the database: a one-row write, not a read. A database that answers
    /// reads but refuses writes (a full disk under SQLite, a read-only file) runs no job: unhealthy.
    func probeHealth() async throws {
        try await settingSet("health_probe", RFC3339.formatFractional(Date()))
    }
}
