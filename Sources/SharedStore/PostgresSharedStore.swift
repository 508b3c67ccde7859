import Foundation
import Logging
import NIOCore
import PostgresNIO
import Runtime

/// The shared store in PostgreSQL (issue #21): `open` migrates and reads the shared cookie
/// secret; the runtime ships batches through `ship`, looks up other nodes' decisions through
/// `decision(id:)` and pulls their events through `pull`, woken by `listen`. A connection each,
/// so a lookup on the conversion path never waits behind a shipping transaction or a pull, plus
/// the listening one.
package final class PostgresSharedStore: SharedEventStore {
    package let url: PostgresURL
    package let cookieSecret: [UInt8]
    package let apiKeysAtStart: [APIKeyRecord]
    private let shipping: PostgresLink
    /// Decision lookups and key reloads: short reads, never behind a shipment or a pull.
    let lookups: PostgresLink
    private let pulling: PostgresLink
    private let logger: Logger

    private static let secretKey = "cookie-secret"

    private init(
        url: PostgresURL, cookieSecret: [UInt8], apiKeys: [APIKeyRecord], shipping: PostgresLink, logger: Logger
    ) {
        self.url = url
        self.cookieSecret = cookieSecret
        self.apiKeysAtStart = apiKeys
        self.shipping = shipping
        self.lookups = PostgresLink(url: url, logger: logger)
        // A catching-up node's first pulls read many rows.
        self.pulling = PostgresLink(url: url, logger: logger, timeout: .seconds(30))
        self.logger = logger
    }

    /// Connects, migrates (under the advisory lock) and reads the shared cookie secret, creating
    /// it if this is the first node, and the API keys. Any failure is a clear error for the start of `serve`.
    package static func open(_ url: PostgresURL, logger: Logger) async throws(SharedStoreError) -> PostgresSharedStore {
        let shipping = PostgresLink(url: url, logger: logger, timeout: .seconds(10))
        do {
            try await shipping.run("migrate the schema") { connection, logger in
                try await PostgresSchema.migrate(connection, logger: logger)
            }
        } catch {
            await shipping.close()
            throw error
        }
        let secret: [UInt8]
        let keys: [APIKeyRecord]
        do {
            keys = try await shipping.run("read the api keys") { connection, logger in
                try await PostgresAPIKeys.read(activeOnly: true, connection, logger: logger)
            }
            secret = try await shipping.run("read the cookie secret") { connection, logger in
                var generator = SystemRandomNumberGenerator()  // getrandom(2): cryptographically secure
                let fresh = ByteBuffer(bytes: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
                // The first node's secret wins; every later one reads it back.
                try await connection.query(
                    "INSERT INTO meta (key, value) VALUES (\(secretKey), \(fresh)) ON CONFLICT (key) DO NOTHING",
                    logger: logger)
                var stored: [UInt8]?
                for try await value in try await connection.query(
                    "SELECT value FROM meta WHERE key = \(secretKey)", logger: logger
                ).decode(ByteBuffer.self) {
                    stored = Array(buffer: value)
                }
                return stored ?? []
            }
        } catch {
            await shipping.close()
            throw error
        }
        guard secret.count == 32 else {
            await shipping.close()
            throw .corrupt(target: url.target, detail: "meta.cookie-secret is \(secret.count) bytes, not 32")
        }
        return PostgresSharedStore(url: url, cookieSecret: secret, apiKeys: keys, shipping: shipping, logger: logger)
    }

    package func ship(_ batch: ShipmentBatch) async throws {
        guard !batch.isEmpty else { return }
        try await shipping.run("ship events") { connection, logger in
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query(PostgresShipment.registerOrigin(batch), logger: logger)
                if !batch.decisions.isEmpty {
                    try await connection.query(PostgresShipment.insertDecisions(batch), logger: logger)
                }
                if !batch.conversions.isEmpty {
                    try await connection.query(PostgresShipment.insertConversions(batch), logger: logger)
                }
                try await connection.query(PostgresShipment.notify(batch), logger: logger)
            }
        }
    }

    package func pull(after cursors: PullCursors, excluding origin: String, limit: Int) async throws -> PulledEvents {
        try await pulling.run("pull other nodes' events") { connection, logger in
            try await PostgresPull.read(connection, after: cursors, excluding: origin, limit: limit, logger: logger)
        }
    }

    package func listen(ignoring own: String, _ wake: @escaping @Sendable () -> Void) async {
        var id = 1_000
        while !Task.isCancelled {
            id += 1
            do {
                let connection = try await PostgresLink.connect(url, id: id, logger: logger, timeout: .seconds(5))
                do {
                    try await connection.listen(on: PostgresSchema.channel) { notifications in
                        // Anything shipped while no one listened is pulled now.
                        wake()
                        // The payload is the outbox that shipped: a node's own shipments
                        // bring it nothing to pull.
                        for try await notification in notifications where notification.payload != own { wake() }
                    }
                } catch {
                    logger.debug(
                        "shared store: listening ended: \(PostgresErrors.describe(error, url: url, operation: "listen"))"
                    )
                }
                try? await connection.close()
            } catch {
                logger.debug(
                    "shared store: cannot listen: \(PostgresErrors.describe(error, url: url, operation: "listen"))")
            }
            // Polling covers the gap until the next connection.
            try? await Task.sleep(for: .seconds(1))
        }
    }

    package func ping() async throws {
        try await shipping.run("answer a ping") { connection, logger in
            try await connection.query("SELECT 1", logger: logger)
            return ()
        }
    }

    package func decision(id: String) async throws -> DecisionRecord? {
        try await lookups.run("look up a decision") { connection, logger in
            var found: DecisionRecord?
            let rows = try await connection.query(
                "SELECT \(unescaped: PostgresShipment.decisionColumns) FROM decisions WHERE id = \(id)", logger: logger)
            for try await row in rows {
                found = try PostgresShipment.decision(row.makeRandomAccess())
            }
            return found
        }
    }

    package func close() async {
        await shipping.close()
        await lookups.close()
        await pulling.close()
    }

    package var location: String { url.description }

    /// `sitegen stats --store`: reads without migrating or creating anything.
    package static func stats(_ url: PostgresURL, logger: Logger) async throws(SharedStoreError) -> [SiteStats] {
        try await once(url, logger: logger, "read stats") { connection, logger in
            try await PostgresSchema.verifyReadable(connection, logger: logger)
            return try await PostgresStats.read(connection, logger: logger)
        }
    }

    /// `body` on a connection of its own, closed after: a command's one visit to the store.
    static func once<T: Sendable>(
        _ url: PostgresURL, logger: Logger, _ operation: String,
        _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T
    ) async throws(SharedStoreError) -> T {
        let link = PostgresLink(url: url, logger: logger, timeout: .seconds(60))
        do {
            let result = try await link.run(operation, body)
            await link.close()
            return result
        } catch {
            await link.close()
            throw error
        }
    }
}
