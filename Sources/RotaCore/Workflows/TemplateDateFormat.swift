import Foundation

/// The date spellings of Airflow's template variables, computed in a given zone.
///
/// `ds` 2026-01-02, `ds_nodash` 20260102, `ts` 2026-01-02T03:04:05+00:00 (Python's
/// `isoformat()`, which Airflow uses for `ts`, `logical_date` and the data interval),
/// `ts_nodash` 20260102T030405, `ts_nodash_with_tz` 20260102T030405+0000. Whole seconds.
enum TemplateDateFormat {
    struct Parts {
        let wall: GregorianDateTime
        let offsetMinutes: Int
    }

    static func parts(_ date: Date, in zone: TimeZone) -> Parts {
        let unix = Int64(date.timeIntervalSince1970.rounded(.down))
        let offset = zone.secondsFromGMT(for: date) / 60
        return Parts(wall: GregorianDateTime(secondsSinceEpoch: unix + Int64(offset) * 60), offsetMinutes: offset)
    }

    static func ds(_ date: Date, in zone: TimeZone) -> String {
        let w = parts(date, in: zone).wall
        return pad(w.year, 4) + "-" + pad(w.month, 2) + "-" + pad(w.day, 2)
    }

    static func dsNodash(_ date: Date, in zone: TimeZone) -> String {
        let w = parts(date, in: zone).wall
        return pad(w.year, 4) + pad(w.month, 2) + pad(w.day, 2)
    }

    static func ts(_ date: Date, in zone: TimeZone) -> String {
        let p = parts(date, in: zone)
        return ds(date, in: zone) + "T" + clock(p.wall, separator: ":") + offset(p.offsetMinutes, separator: ":")
    }

    static func tsNodash(_ date: Date, in zone: TimeZone) -> String {
        dsNodash(date, in: zone) + "T" + clock(parts(date, in: zone).wall, separator: "")
    }

    static func tsNodashWithTz(_ date: Date, in zone: TimeZone) -> String {
        tsNodash(date, in: zone) + offset(parts(date, in: zone).offsetMinutes, separator: "")
    }

    private static func clock(_ w: GregorianDateTime, separator: String) -> String {
        pad(w.hour, 2) + separator + pad(w.minute, 2) + separator + pad(w.second, 2)
    }

    private static func offset(_ minutes: Int, separator: String) -> String {
        (minutes < 0 ? "-" : "+") + pad(abs(minutes) / 60, 2) + separator + pad(abs(minutes) % 60, 2)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
