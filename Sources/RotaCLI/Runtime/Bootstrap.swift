import Foundation
import Logging
import Metrics
import Prometheus

/// Process-wide logging and metrics, set up once before anything logs or counts.
enum Bootstrap {
    nonisolated(unsafe) private static var registry: PrometheusCollectorRegistry?

    static func logging(level: String) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: level) ?? .info
            return handler
        }
        var logger = Logger(label: "rota")
        logger.logLevel = Logger.Level(rawValue: level) ?? .info
        return logger
    }

    static func metrics() -> PrometheusCollectorRegistry {
        if let registry { return registry }
        let created = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: created)
        // Rota's recorders measure seconds, from milliseconds (fire lateness) to hours (long tasks).
        factory.defaultValueHistogramBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600]
        MetricsSystem.bootstrap(factory)
        registry = created
        return created
    }
}
