import Foundation
import Logging
import Runtime

/// `sitegen keys --store`: API keys every node accepts. Creating and revoking migrate the schema
/// first (under the advisory lock, as a starting node does), so keys can be made before the
/// first node starts; listing only reads.
extension PostgresSharedStore {
    package func activeAPIKeys() async throws -> [APIKeyRecord] {
        try await lookups.run("read the api keys") { connection, logger in
            try await PostgresAPIKeys.read(activeOnly: true, connection, logger: logger)
        }
    }

    /// Stores `record` (made by `APIKeyStore.newKey`).
    package static func createKey(_ record: APIKeyRecord, at url: PostgresURL, logger: Logger)
        async throws(SharedStoreError)
    {
        try await once(url, logger: logger, "create an api key") { connection, logger in
            try await PostgresSchema.migrate(connection, logger: logger)
            try await PostgresAPIKeys.insert(record, connection, logger: logger)
        }
    }

    /// Every key, revoked ones included, oldest first.
    package static func listKeys(at url: PostgresURL, logger: Logger) async throws(SharedStoreError) -> [APIKeyRecord] {
        try await once(url, logger: logger, "list the api keys") { connection, logger in
            try await PostgresSchema.verifyReadable(connection, logger: logger)
            return try await PostgresAPIKeys.read(activeOnly: false, connection, logger: logger)
        }
    }

    /// What revoking the key with `id` found; nil when no key has that id.
    package static func revokeKey(id: String, at url: PostgresURL, now: Date = Date(), logger: Logger)
        async throws(SharedStoreError) -> APIKeyStore.Revocation?
    {
        try await once(url, logger: logger, "revoke an api key") { connection, logger in
            try await PostgresSchema.migrate(connection, logger: logger)
            return try await PostgresAPIKeys.revoke(id: id, at: now, connection, logger: logger)
        }
    }
}
