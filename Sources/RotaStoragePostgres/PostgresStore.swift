import Logging
import RotaStorage

extension SQLStore {
    /// A store on the PostgreSQL database at `url` (`postgres://user:password@host:port/database`).
    public static func postgres(url: String, schema: String? = nil, logger: Logger = Logger(label: "rota.postgres"),
                                leaseTimeout: Duration = .seconds(5)) throws -> SQLStore {
        SQLStore(database: try PostgresSQLDatabase(url: url, schema: schema, logger: logger, leaseTimeout: leaseTimeout))
    }
}
