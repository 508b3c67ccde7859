import Logging
import PostgresNIO

/// The shared store's layout as ordered migrations, run under an advisory lock so that nodes
/// starting at once migrate once: the first takes the lock and migrates, the others wait for it
/// and find nothing left to do. `sitegen_schema` holds a row per applied version (its primary key
/// would refuse a version applied twice). Never edit a released step: append one.
enum PostgresSchema {
    static let migrations: [[String]] = [
        // 1 (issue #21): every node's decisions and conversions, and shared settings (the cookie
        // secret). `seq` numbers rows as the shared store received them, for readers that will
        // pull other nodes' events after a position (shared learning). No foreign key from
        // conversions to decisions: a node may ship a conversion before the decision it joins
        // (different batches), and both arrive.
        [
            """
            CREATE TABLE decisions (
                id text PRIMARY KEY,
                node text NOT NULL,
                site text NOT NULL,
                variant text NOT NULL,
                propensity double precision NOT NULL,
                features text NOT NULL,
                pinned boolean NOT NULL,
                learn boolean NOT NULL,
                at bigint NOT NULL,
                placement text,
                source text,
                probabilities bytea,
                seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE
            )
            """,
            "CREATE INDEX decisions_site ON decisions (site, variant)",
            """
            CREATE TABLE conversions (
                decision_id text NOT NULL,
                goal text NOT NULL,
                site text NOT NULL,
                value double precision NOT NULL,
                at bigint NOT NULL,
                node text NOT NULL,
                seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
                PRIMARY KEY (decision_id, goal)
            )
            """,
            "CREATE TABLE meta (key text PRIMARY KEY, value bytea NOT NULL)",
        ],
        // 2 (issue #21, shared learning): nodes pull each other's events. `seq` is drawn at
        // insert, not at commit, so concurrent shipments commit out of its order and a reader
        // following it could pass a row that commits later. Each outbox (a node's database,
        // `origin`) ships one transaction at a time in its own order (`origin_seq`, its local
        // seq), so a reader keeps a position per outbox instead. `origins` lists them, so a
        // pull asks each for the rows after its position through the index. Rows shipped
        // before count as one outbox per node, numbered by `seq`.
        [
            "ALTER TABLE decisions ADD COLUMN origin text, ADD COLUMN origin_seq bigint",
            "ALTER TABLE conversions ADD COLUMN origin text, ADD COLUMN origin_seq bigint",
            "UPDATE decisions SET origin = 'v1:' || node, origin_seq = seq",
            "UPDATE conversions SET origin = 'v1:' || node, origin_seq = seq",
            "ALTER TABLE decisions ALTER COLUMN origin SET NOT NULL, ALTER COLUMN origin_seq SET NOT NULL",
            "ALTER TABLE conversions ALTER COLUMN origin SET NOT NULL, ALTER COLUMN origin_seq SET NOT NULL",
            "CREATE INDEX decisions_origin ON decisions (origin, origin_seq)",
            "CREATE INDEX conversions_origin ON conversions (origin, origin_seq)",
            "CREATE TABLE origins (origin text PRIMARY KEY, node text NOT NULL)",
            """
            INSERT INTO origins (origin, node)
            SELECT origin, min(node) FROM (
                SELECT origin, node FROM decisions UNION SELECT origin, node FROM conversions) shipped
            GROUP BY origin
            """,
        ],
        // 3 (issue #21 item 4): API keys, as a node's SQLite `api_keys` keeps them (the SHA-256
        // of each key, never the key), so `sitegen keys --store` makes a key once for every node.
        [
            """
            CREATE TABLE api_keys (
                id text PRIMARY KEY,
                name text,
                scopes text NOT NULL,
                hash bytea NOT NULL,
                created_at bigint NOT NULL,
                revoked_at bigint
            )
            """
        ],
    ]

    /// The channel a committed shipment notifies (its payload: the outbox), for `listen`.
    static let channel = "sitegen_events"

    static var currentVersion: Int { migrations.count }

    /// Any 64-bit number no other application on the database uses: "sitegen" in ASCII.
    static let lockKey: Int64 = 0x73_69_74_65_67_65_6e

    /// Brings the database to `currentVersion` on `connection`; refuses one that is newer.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
        do {
            try await migrateLocked(connection, logger: logger)
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            throw error
        }
        try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
    }

    private static func migrateLocked(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS sitegen_schema (
                version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
            """, logger: logger)
        var found = 0
        for try await version in try await connection.query(
            "SELECT coalesce(max(version), 0)::bigint FROM sitegen_schema", logger: logger
        ).decode(Int64.self) {
            found = Int(version)
        }
        guard found <= currentVersion else {
            throw SchemaTooNew(found: found, supported: currentVersion)
        }
        for version in found..<currentVersion {
            let steps = migrations[version]
            try await connection.withTransaction(logger: logger) { connection in
                for sql in steps {
                    try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO sitegen_schema (version) VALUES (\(version + 1))", logger: logger)
            }
            logger.info("shared store migrated to schema version \(version + 1)")
        }
    }

    /// For readers that must not migrate (`sitegen stats --store`): the database must have been
    /// migrated by a node already, and not by a newer sitegen.
    static func verifyReadable(_ connection: PostgresConnection, logger: Logger) async throws {
        var exists = false
        for try await found in try await connection.query(
            "SELECT to_regclass('sitegen_schema') IS NOT NULL", logger: logger
        ).decode(Bool.self) {
            exists = found
        }
        guard exists else { throw NoSchema() }
        for try await version in try await connection.query(
            "SELECT coalesce(max(version), 0)::bigint FROM sitegen_schema", logger: logger
        ).decode(Int64.self) where version > currentVersion {
            throw SchemaTooNew(found: Int(version), supported: currentVersion)
        }
    }

    /// No node has migrated this database yet.
    struct NoSchema: Error, CustomStringConvertible {
        var description: String {
            "no sitegen schema in this database yet (start `sitegen serve --store` on it once to create it)"
        }
    }

    /// Found under the lock; turned into `SharedStoreError.schemaTooNew` with the target.
    struct SchemaTooNew: Error {
        let found: Int
        let supported: Int
    }
}
