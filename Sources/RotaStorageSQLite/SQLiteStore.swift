import RotaStorage

extension SQLStore {
    /// A store on the SQLite file at `path` (created with its folder when missing).
    public static func sqlite(path: String) throws -> SQLStore {
        SQLStore(database: try SQLiteDatabase(path: path))
    }
}
