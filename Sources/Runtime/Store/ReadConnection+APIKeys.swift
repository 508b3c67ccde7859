import Foundation

extension ReadConnection {
    static let apiKeyColumns = "id, name, scopes, hash, created_at, revoked_at"

    /// The stored keys, oldest first; only those not revoked when `activeOnly`. A database from
    /// before keys existed has none.
    func apiKeys(activeOnly: Bool) throws(StoreError) -> [APIKeyRecord] {
        let version = try db.integer("PRAGMA user_version", for: "read schema version") ?? 0
        guard version >= Schema.apiKeysVersion else { return [] }
        let filter = activeOnly ? " WHERE revoked_at IS NULL" : ""
        let statement = try statement(
            "SELECT \(Self.apiKeyColumns) FROM api_keys\(filter) ORDER BY created_at, id", for: "read api keys")
        defer { statement.reset() }
        var keys: [APIKeyRecord] = []
        while try statement.step() {
            keys.append(
                APIKeyRecord(
                    id: statement.string(0), name: statement.isNull(1) ? nil : statement.string(1),
                    scopes: APIScope.stored(statement.string(2)), hash: statement.blob(3),
                    createdAt: Date(storeMilliseconds: statement.int64(4)),
                    revokedAt: statement.isNull(5) ? nil : Date(storeMilliseconds: statement.int64(5))))
        }
        return keys
    }
}
