import Foundation
import Logging
import PostgresNIO
import Runtime

/// The API keys in the shared store (`api_keys`, schema version 3): the same records as a node's
/// SQLite file keeps (`APIKeyRecord`), the same rules (`APIKeyStore.newKey`), another table.
enum PostgresAPIKeys {
    static func insert(_ record: APIKeyRecord, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO api_keys (id, name, scopes, hash, created_at, revoked_at)
            VALUES (\(record.id), \(record.name), \(APIScope.joined(record.scopes)), \(ByteBuffer(bytes: record.hash)),
                    \(record.createdAt.storeMilliseconds), NULL)
            """, logger: logger)
    }

    /// Oldest first; only those not revoked when `activeOnly`. A database a sitegen from before
    /// shared keys migrated has none.
    static func read(activeOnly: Bool, _ connection: PostgresConnection, logger: Logger) async throws
        -> [APIKeyRecord]
    {
        guard try await hasTable(connection, logger: logger) else { return [] }
        // Constant text only: nothing from outside is spliced into the SQL.
        let filter = activeOnly ? " WHERE revoked_at IS NULL" : ""
        let query = PostgresQuery(
            unsafeSQL:
                "SELECT id, name, scopes, hash, created_at, revoked_at FROM api_keys\(filter) ORDER BY created_at, id")
        var keys: [APIKeyRecord] = []
        for try await (id, name, scopes, hash, createdAt, revokedAt) in try await connection.query(
            query, logger: logger
        )
        .decode((String, String?, String, ByteBuffer, Int64, Int64?).self) {
            keys.append(
                APIKeyRecord(
                    id: id, name: name, scopes: APIScope.stored(scopes), hash: Array(buffer: hash),
                    createdAt: Date(storeMilliseconds: createdAt),
                    revokedAt: revokedAt.map(Date.init(storeMilliseconds:))))
        }
        return keys
    }

    /// Revokes the key with `id` unless it was already; nil when there is no such key.
    static func revoke(id: String, at now: Date, _ connection: PostgresConnection, logger: Logger) async throws
        -> APIKeyStore.Revocation?
    {
        var revokedNow = false
        for try await _ in try await connection.query(
            "UPDATE api_keys SET revoked_at = \(now.storeMilliseconds) WHERE id = \(id) AND revoked_at IS NULL RETURNING id",
            logger: logger)
        {
            revokedNow = true
        }
        let record = try await read(activeOnly: false, connection, logger: logger).first { $0.id == id }
        return record.map { revokedNow ? .revoked($0) : .alreadyRevoked($0) }
    }

    private static func hasTable(_ connection: PostgresConnection, logger: Logger) async throws -> Bool {
        var exists = false
        for try await found in try await connection.query(
            "SELECT to_regclass('api_keys') IS NOT NULL", logger: logger
        ).decode(Bool.self) {
            exists = found
        }
        return exists
    }
}
