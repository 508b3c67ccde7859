/// The database layout, as an ordered list of migrations. `PRAGMA user_version` records how many have
/// run; opening applies the missing ones in order, each in its own transaction with its version bump,
/// so a crash mid-migration leaves the previous version intact. Never edit a released step: append one.
enum Schema {
    static let migrations: [[String]] = [
        // 1: the event log (decisions, conversions), learned-state snapshots, settings.
        [
            // `seq` is an explicit INTEGER PRIMARY KEY: unlike an implicit rowid it survives VACUUM,
            // and snapshots name replay positions by it.
            """
            CREATE TABLE decisions (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                site TEXT NOT NULL,
                variant TEXT NOT NULL,
                propensity REAL NOT NULL,
                features TEXT NOT NULL,
                pinned INTEGER NOT NULL,
                learn INTEGER NOT NULL,
                at INTEGER NOT NULL
            )
            """,
            // Replay reads one site's learnable decisions after a position.
            "CREATE INDEX decisions_site_seq ON decisions (site, seq)",
            """
            CREATE TABLE conversions (
                seq INTEGER PRIMARY KEY,
                decision_id TEXT NOT NULL REFERENCES decisions (id),
                site TEXT NOT NULL,
                goal TEXT NOT NULL,
                value REAL NOT NULL,
                at INTEGER NOT NULL,
                UNIQUE (decision_id, goal)
            )
            """,
            "CREATE INDEX conversions_site_seq ON conversions (site, seq)",
            """
            CREATE TABLE snapshots (
                seq INTEGER PRIMARY KEY,
                site TEXT NOT NULL,
                state BLOB NOT NULL,
                last_decision_seq INTEGER NOT NULL,
                last_conversion_seq INTEGER NOT NULL,
                at INTEGER NOT NULL
            )
            """,
            "CREATE INDEX snapshots_site_seq ON snapshots (site, seq)",
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
        ],
        // 2: every impression paid for a second index that only replay used, and replay reads the
        // rows after a snapshot's `seq`, a range of the primary key already. Without it the
        // writer commits about 30 % more impressions per second (scripts/bench-store).
        [
            "DROP INDEX decisions_site_seq"
        ],
        // 3: what the results report needs (issue #16). Per decision its QR placement (`p=`) and
        // source (`src=`), validated, else NULL, and the policy's whole probability vector
        // (little-endian Float64 per variant, in the variant order `meta` keeps under
        // `site:<id>`): a sample-ratio check needs every variant's expected count, the sum of its
        // logged probabilities, not only the chosen one's. Rows written before stay NULL and
        // the report leaves them out of that check. And every page view and QR scan, returning
        // visitors included, as counters per site, variant, placement ('' for none) and hour
        // (milliseconds at the hour's start), upserted with the writer's batches: no row per
        // request.
        [
            "ALTER TABLE decisions ADD COLUMN placement TEXT",
            "ALTER TABLE decisions ADD COLUMN source TEXT",
            "ALTER TABLE decisions ADD COLUMN probabilities BLOB",
            """
            CREATE TABLE visit_counts (
                site TEXT NOT NULL,
                variant TEXT NOT NULL,
                placement TEXT NOT NULL,
                hour INTEGER NOT NULL,
                views INTEGER NOT NULL,
                scans INTEGER NOT NULL,
                PRIMARY KEY (site, variant, placement, hour)
            ) WITHOUT ROWID
            """,
        ],
        // 4: API keys (issue #17). A key is never stored, only the SHA-256 of its text (see
        // `APIKey`); `id` is the public part every key carries, by which it is found and named.
        // `scopes` is a comma-separated list (`decide,read`); `revoked_at` (milliseconds) set
        // means the key opens nothing. Written by `sitegen keys`, read by the server every few
        // seconds.
        [
            """
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                name TEXT,
                scopes TEXT NOT NULL,
                hash BLOB NOT NULL,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER
            )
            """
        ],
        // 5: retention (issue #17). Raw decisions older than the retention age, with their
        // conversions, are folded into per-day totals and deleted; `sitegen stats`, the report
        // and forecasts add these totals to what the raw rows say. A row per UTC day, site,
        // variant, stored features, placement and source ('' for none), pinned and learn:
        // impressions, decisions with a conversion (`converted`), conversion rows, and the sum
        // and sum of squares of each decision's conversion values (the report's variance).
        [
            """
            CREATE TABLE daily_totals (
                site TEXT NOT NULL,
                day INTEGER NOT NULL,
                variant TEXT NOT NULL,
                features TEXT NOT NULL,
                placement TEXT NOT NULL,
                source TEXT NOT NULL,
                pinned INTEGER NOT NULL,
                learn INTEGER NOT NULL,
                impressions INTEGER NOT NULL,
                converted INTEGER NOT NULL,
                conversions INTEGER NOT NULL,
                revenue REAL NOT NULL,
                revenue_squares REAL NOT NULL,
                PRIMARY KEY (site, day, variant, features, placement, source, pinned, learn)
            ) WITHOUT ROWID
            """
        ],
        // 6: per variant and hour, the learnable impressions and how many of them converted
        // (by the impression's hour), kept by the writer with its batches: the rate-collapse
        // check reads these every few minutes instead of scanning weeks of decisions, and
        // retention never folds them. Filled from the decisions already there.
        [
            """
            CREATE TABLE variant_hours (
                site TEXT NOT NULL,
                variant TEXT NOT NULL,
                hour INTEGER NOT NULL,
                impressions INTEGER NOT NULL,
                converted INTEGER NOT NULL,
                PRIMARY KEY (site, variant, hour)
            ) WITHOUT ROWID
            """,
            """
            INSERT INTO variant_hours (site, variant, hour, impressions, converted)
            SELECT d.site, d.variant, d.at - ((d.at % 3600000) + 3600000) % 3600000, count(*),
                   count(c.decision_id)
            FROM decisions d LEFT JOIN (SELECT DISTINCT decision_id FROM conversions) c ON c.decision_id = d.id
            WHERE d.learn = 1 GROUP BY 1, 2, 3
            """,
        ],
        // 7: shared learning (issue #21). Events other nodes made, pulled from the shared store,
        // are kept here as well, so that snapshots, replay and a restart include them like this
        // node's own. `origin` names the outbox (node database) they came from; NULL means made
        // here, the only rows the shipper sends.
        [
            "ALTER TABLE decisions ADD COLUMN origin TEXT",
            "ALTER TABLE conversions ADD COLUMN origin TEXT",
        ],
        // 8: conversions accepted for another node's decision before that node shipped it
        // (issue #21 item 3, `PendingJoins`), until the decision arrives.
        [
            """
            CREATE TABLE pending_joins (
                decision_id TEXT NOT NULL,
                goal TEXT NOT NULL,
                site TEXT NOT NULL,
                value REAL NOT NULL,
                at INTEGER NOT NULL,
                received_at INTEGER NOT NULL,
                PRIMARY KEY (decision_id, goal)
            )
            """
        ],
    ]

    static var currentVersion: Int32 { Int32(migrations.count) }

    /// The oldest layout the read-only queries (`sitegen stats`, `sitegen report`) understand:
    /// every version since has the same tables and columns (2 only dropped an index, 3 to 6
    /// only added), so a database need not be migrated, which a reader must not do, before its
    /// figures can be read.
    static let oldestReadableVersion: Int32 = 1

    /// The first version with placements, sources, probability vectors and visit counters; the
    /// report reads older databases without them (and says what is missing).
    static let reportColumnsVersion: Int32 = 3

    /// The first version with the `api_keys` table; older databases hold no keys.
    static let apiKeysVersion: Int64 = 4

    /// The first version with `daily_totals` (folded old events); readers add them from here on.
    static let dailyTotalsVersion: Int32 = 5

    /// The first version with `variant_hours` (the rate-collapse check's counters).
    static let variantHoursVersion: Int32 = 6

    /// Brings the database up to `currentVersion`; refuses one written by a newer sitegen.
    static func migrate(_ db: Database) throws(StoreError) {
        let found = Int32(truncatingIfNeeded: try db.integer("PRAGMA user_version", for: "read schema version") ?? 0)
        guard found <= currentVersion else {
            throw .schemaTooNew(path: db.path, found: found, supported: currentVersion)
        }
        for version in Int(found)..<migrations.count {
            try db.transaction("migration to version \(version + 1)") { () throws(StoreError) in
                // Another process may have migrated between our read and our write lock.
                let now = try db.integer("PRAGMA user_version", for: "read schema version") ?? 0
                guard now == Int64(version) else { return }
                for sql in migrations[version] {
                    try db.execute(sql, for: "migration to version \(version + 1)")
                }
                // PRAGMA takes no bound parameters; the number is our own constant, never input.
                try db.execute("PRAGMA user_version = \(version + 1)", for: "set schema version")
            }
        }
    }

    /// For read-only tools: the database must exist, be SQLite, and be at a version we understand.
    @discardableResult
    static func verifyReadable(_ db: Database) throws(StoreError) -> Int32 {
        let found: Int32
        do {
            found = Int32(truncatingIfNeeded: try db.integer("PRAGMA user_version", for: "read schema version") ?? 0)
        } catch {
            if case .sqlite(_, _, let message, _) = error {
                throw .notASitegenDatabase(path: db.path, reason: message)
            }
            throw error
        }
        if found == 0 {
            throw .notASitegenDatabase(path: db.path, reason: "no sitegen schema (user_version 0)")
        }
        guard found <= currentVersion else {
            throw .schemaTooNew(path: db.path, found: found, supported: currentVersion)
        }
        guard found >= oldestReadableVersion else {
            throw .notASitegenDatabase(
                path: db.path,
                reason:
                    "schema version \(found) predates \(currentVersion); open it once with `sitegen serve` to migrate")
        }
        return found
    }
}
