import Foundation
import RotaCore

/// An optional that encodes as JSON `null` instead of disappearing.
///
/// Swift's synthesized `Encodable` skips nil optionals; Airflow writes every field of a response
/// model, nulls included, and scripts index them (`run["end_date"]`) without `.get`. Wrapping a
/// property (`@Null var end_date: String?`) keeps the synthesized encoder and the declared order.
@propertyWrapper
struct Null<Value: Encodable & Sendable>: Encodable, Sendable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let wrappedValue { try c.encode(wrappedValue) } else { try c.encodeNil() }
    }
}

/// How Airflow's responses spell times, durations and ids.
enum AirflowFormat {
    /// RFC 3339 in UTC to the microsecond (`2025-01-01T00:00:00.123456Z`), as pydantic writes an
    /// aware datetime.
    static func time(_ date: Date?) -> String? { date.map(RFC3339.formatFractional) }

    /// Seconds between two instants, nil until both exist (Airflow's `duration`).
    static func duration(_ start: Date?, _ end: Date?) -> Double? {
        guard let start, let end else { return nil }
        return max(0, end.timeIntervalSince(start))
    }

    /// A stable UUID for a task instance. Airflow's `TaskInstance.id` is a UUID column; Rota's is an
    /// integer, so the integer is written into the low 48 bits of a fixed version-8 UUID: the same
    /// task instance always gets the same id, and the id can be read back by eye.
    static func uuid(taskInstanceId id: Int64) -> String {
        let low = String(UInt64(bitPattern: id) & 0xFFFF_FFFF_FFFF, radix: 16)
        return "00000000-0000-8000-8000-" + String(repeating: "0", count: 12 - low.count) + low
    }

    /// A stored JSON object (a run's `conf`) as a value; nil when the text is not an object.
    static func object(_ text: String) -> [String: JSONValue]? {
        (try? JSONValue.parse(Data(text.utf8)))?.objectValue
    }

    /// Airflow's operator class for a Rota executor, so UIs that colour by operator have a name.
    static func operatorName(executor: String) -> String {
        switch executor {
        case "shell": return "BashOperator"
        case "http": return "HttpOperator"
        case "trigger_workflow": return "TriggerDagRunOperator"
        default: return executor
        }
    }
}
