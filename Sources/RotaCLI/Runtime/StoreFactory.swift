import Logging
import RotaStorage
import RotaStoragePostgres
import RotaStorageSQLite

/// Opens the Store the settings name: PostgreSQL when `database_url` is set, else the SQLite file.
enum StoreFactory {
    static func open(_ settings: RotaSettings, logger: Logger) throws -> SQLStore {
        if let url = settings.databaseURL {
            return try SQLStore.postgres(url: url, logger: logger)
        }
        return try SQLStore.sqlite(path: settings.sqlitePath)
    }

    static func describe(_ settings: RotaSettings) -> String {
        settings.databaseURL.map(redact) ?? "SQLite \(settings.sqlitePath)"
    }

    /// The URL without its password, for logs.
    static func redact(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://"),
              let colon = url[scheme.upperBound..<at].firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}
