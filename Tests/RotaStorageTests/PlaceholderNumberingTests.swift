import Testing
@testable import RotaStoragePostgres

/// Statements are written with `?` for both databases; PostgreSQL gets `$1, $2, …`.
@Suite("PostgreSQL placeholder numbering")
struct PlaceholderNumberingTests {
    @Test func numbersEachPlaceholderOutsideQuotesInOrder() {
        #expect(PostgresSQLConnection.numberPlaceholders("SELECT ? , '?' , ?") == "SELECT $1 , '?' , $2")
        #expect(PostgresSQLConnection.numberPlaceholders("x IN (\(Array(repeating: "?", count: 12).joined(separator: ",")))")
            == "x IN ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)")
        #expect(PostgresSQLConnection.numberPlaceholders("WHERE name = 'é?ü' AND id = ?") == "WHERE name = 'é?ü' AND id = $1")
        #expect(PostgresSQLConnection.numberPlaceholders("SELECT 'it''s ?', ?") == "SELECT 'it''s ?', $1")
        #expect(PostgresSQLConnection.numberPlaceholders("") == "")
    }
}
