import Foundation
import Hummingbird
import RotaCore

/// Query and path parameters read the way FastAPI reads them, collecting every problem so one
/// 422 names them all (`loc: ["query", "limit"]`).
///
/// List parameters are exploded (`?state=a&state=b`, Airflow 3's style); a comma-separated value
/// is split too, for scripts written against Airflow 2.
struct AirflowQuery {
    let request: Request
    private(set) var issues: [AirflowValidationError.Issue] = []

    init(_ request: Request) { self.request = request }

    /// Every value of a (possibly repeated) parameter, without empty strings.
    func list(_ name: String) -> [String] {
        request.uri.queryParameters[values: name[...]]
            .flatMap { $0.split(separator: ",") }
            .map { String($0) }
            .filter { !$0.isEmpty }
    }

    func string(_ name: String) -> String? {
        request.uri.queryParameters[name[...]].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// An integer parameter with a default and a lower bound (pydantic's `NonNegativeInt`).
    mutating func int(_ name: String, default fallback: Int, minimum: Int) -> Int {
        guard let raw = string(name) else { return fallback }
        guard let value = Int(raw) else {
            issues.append(.init(type: "int_parsing", loc: ["query", .key(name)],
                                msg: "Input should be a valid integer, unable to parse string as an integer", input: .string(raw)))
            return fallback
        }
        if value < minimum {
            issues.append(.init(type: "greater_than_equal", loc: ["query", .key(name)],
                                msg: "Input should be greater than or equal to \(minimum)", input: .string(raw),
                                ctx: ["ge": .number(Double(minimum))]))
            return fallback
        }
        return value
    }

    /// A boolean parameter in pydantic's lax spellings (`true`, `1`, `yes`, `on`, …).
    mutating func bool(_ name: String) -> Bool? {
        guard let raw = string(name) else { return nil }
        if let value = AirflowBody.laxBool(raw) { return value }
        issues.append(.init(type: "bool_parsing", loc: ["query", .key(name)],
                            msg: "Input should be a valid boolean, unable to interpret input", input: .string(raw)))
        return nil
    }

    /// An enumerated list parameter (`state`, `run_type`); unknown values are a 422.
    mutating func enumList(_ name: String, allowed: [String]) -> [String] {
        let values = list(name)
        for (index, value) in values.enumerated() where !allowed.contains(value) {
            issues.append(Self.enumIssue(loc: ["query", .key(name), .index(index)], value: value, allowed: allowed))
        }
        return values.filter { allowed.contains($0) }
    }

    /// Airflow's range filters on a field: `<field>_gte`, `_gt`, `_lte`, `_lt`. The predicate is
    /// true for every value when no bound is given, and false for a missing value otherwise (SQL).
    mutating func range(_ field: String) -> @Sendable (Double?) -> Bool {
        var bounds: [(String, Double)] = []
        for suffix in ["gte", "gt", "lte", "lt"] {
            let name = field + "_" + suffix
            guard let raw = string(name) else { continue }
            if let date = RFC3339.parse(raw) ?? RFC3339.parse(raw.replacingOccurrences(of: " ", with: "T")) {
                bounds.append((suffix, date.timeIntervalSince1970))
            } else if let number = Double(raw) {
                bounds.append((suffix, number))
            } else {
                issues.append(.init(type: "datetime_from_date_parsing", loc: ["query", .key(name)],
                                    msg: "Input should be a valid datetime or date, invalid character in year", input: .string(raw)))
            }
        }
        let fixed = bounds
        return { value in
            if fixed.isEmpty { return true }
            guard let value else { return false }
            return fixed.allSatisfy { suffix, bound in
                switch suffix {
                case "gte": return value >= bound
                case "gt": return value > bound
                case "lte": return value <= bound
                default: return value < bound
                }
            }
        }
    }

    /// `limit` (default 50, at most 100: Airflow's `fallback_page_limit` and `maximum_page_limit`)
    /// and `offset`.
    mutating func page() -> (limit: Int, offset: Int) {
        let limit = min(int("limit", default: 50, minimum: 0), 100)
        return (limit, int("offset", default: 0, minimum: 0))
    }

    /// Throws the collected 422, if any.
    func check() throws {
        if !issues.isEmpty { throw AirflowValidationError(issues) }
    }

    /// Pydantic's message for a value outside an enum: `Input should be 'a', 'b' or 'c'`.
    static func enumIssue(loc: [AirflowValidationError.Location], value: String, allowed: [String]) -> AirflowValidationError.Issue {
        let quoted = allowed.map { "'\($0)'" }
        let expected = quoted.count > 1 ? quoted.dropLast().joined(separator: ", ") + " or " + quoted.last! : quoted.joined()
        return .init(type: "enum", loc: loc, msg: "Input should be \(expected)", input: .string(value), ctx: ["expected": .string(expected)])
    }
}

extension RotaRequestContext {
    /// A path parameter, percent-decoded: the official client quotes `:` and `+` in run ids.
    func path(_ name: String) throws -> String {
        let raw = try parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }
}
