import DistFormat
import Foundation
import Insight
import Synchronization

/// The runtime's durable memory: impressions, conversions and policy snapshots in one SQLite file
/// (WAL). Impressions are buffered and committed in batches every few milliseconds; a conversion is
/// answered only once committed, sharing its transaction (and fsync) with every other conversion
/// waiting then.
///
/// Restart: `latestSnapshot(site:)`, restore the policy from its state, then `replay(site:after:)`.
/// A snapshot's marks cover the impressions recorded and the conversions committed before the
/// `saveSnapshot` call, so the state passed must contain exactly those: record-and-learn impressions
/// atomically, and take no snapshot while a conversion is between its commit and its teaching (the
/// runtime's `SiteModel` freezes learning and waits for such conversions).
package final class EventStore: Sendable {
    package let path: String
    private let writer: StoreWriter
    private let reader: Mutex<ReadConnection>
    private let cookieSecret: [UInt8]
    private let lock: StoreLock
    /// Names this database's events in the shared store (issue #21): 16 random hex digits made
    /// with the file. Not the node name: a node restarted on an empty database is a new outbox
    /// whose events are numbered from 1 again, and other nodes must pull those too.
    package let outboxID: String
    /// Conversions waiting for another node's decision (`--store` only).
    package let pendingJoins: PendingJoins

    private static let secretKey = "cookie-secret"
    private static let outboxKey = "outbox-id"

    /// Creates the file (and its folders) if needed, applies migrations, starts the writer thread.
    package init(path: String) throws(StoreError) {
        self.path = path
        try Database.createFolder(for: path)
        lock = try StoreLock(database: path)

        // The writer drops to `synchronous = NORMAL` for batches of impressions alone: see
        // `StoreWriter.needsSync`.
        let writeDB = try Database.openForWriting(path)
        // 64 MiB instead of SQLite's 2 MiB: the writer checks every decision id against the unique
        // index, and with a small cache a busy day's index is re-read from the file on each batch.
        try writeDB.execute("PRAGMA cache_size = -65536", for: "set cache size")
        let secret = try Self.ensureRandomMeta(writeDB, key: Self.secretKey, count: 32)
        outboxID = Hex.encode(try Self.ensureRandomMeta(writeDB, key: Self.outboxKey, count: 8))

        let readDB = try Database(path: path, mode: .readWriteCreate)
        try readDB.execute("PRAGMA busy_timeout = 5000", for: "set busy timeout")
        try readDB.execute("PRAGMA query_only = ON", for: "make reader query-only")

        writer = try StoreWriter(database: writeDB)
        pendingJoins = PendingJoins(path: path)
        reader = Mutex(ReadConnection(db: readDB))
        cookieSecret = secret
        writer.start()
    }

    deinit {
        // An abandoned store still writes what it buffered; the thread ends on its own.
        writer.stopWithoutWaiting()
    }

    /// Buffers an impression; it is committed with the writer's next batch (`StoreWriter.flushDelay`) or at the next `flush`. Costs a lock and an
    /// append, made for the per-request path. Records with a non-finite propensity are dropped
    /// (counted in `droppedDecisions`) rather than poisoning the batch they would share.
    package func recordDecision(_ decision: DecisionRecord) {
        guard decision.propensity.isFinite else {
            writer.countDropped()
            return
        }
        writer.enqueue(decision)
    }

    /// Counts a page view (and a QR scan when `scan`) in the hour's counters, returning visitors
    /// included; written with the next batch, never a row per request.
    package func countVisit(site: String, variant: String, placement: String?, at: Date, scan: Bool) {
        let milliseconds = at.storeMilliseconds
        let hour = milliseconds - milliseconds % 3_600_000
        writer.countVisit(
            StoreWriter.VisitKey(site: site, variant: variant, placement: placement ?? "", hour: hour), scan: scan)
    }

    /// Upserts a `meta` row with the writer's next batch, without waiting for it.
    func recordMeta(_ key: String, _ value: [UInt8]) {
        writer.setMeta(key, value)
    }

    /// Runs `body` on the store's read connection (committed state only).
    func withReader<T: Sendable>(_ body: (ReadConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        try reader.withLock { reader throws(StoreError) in try body(reader) }
    }

    /// Keeps the site's variant order, placements and goals for readers of the file (see `SiteLayout`).
    package func recordLayout(_ layout: SiteLayout, site: String) {
        writer.setMeta(SiteLayout.keyPrefix + site, layout.encoded())
    }

    /// Stores a conversion and returns once it is committed (durable across `kill -9` and power loss).
    /// Buffered impressions are written first in the same transaction, so a decision recorded just
    /// before always joins.
    package func recordConversion(_ conversion: ConversionRecord) async throws(StoreError) -> ConversionResult {
        guard conversion.value.isFinite else {
            throw .invalidRecord(field: "conversion value", reason: "\(conversion.value) is not a finite number")
        }
        return try await writer.enqueue(conversion).get()
    }

    /// The decision with this id, committed or still buffered.
    package func decision(id: String) async throws(StoreError) -> DecisionRecord? {
        if let buffered = writer.unwrittenDecision(id: id) { return buffered }
        // Not buffered means committed before the lookup began (or never recorded), so the read sees it.
        return try reader.withLock { reader throws(StoreError) in try reader.decision(id: id) }
    }

    /// Whether the decision is here, committed or still buffered: how an import from another
    /// node tells a decision it already has (and has learned) from a new one.
    package func hasDecision(id: String) throws(StoreError) -> Bool {
        // Buffered first: a buffered row only ever moves on to the file, so it cannot slip
        // between the two looks.
        if writer.unwrittenDecision(id: id) != nil { return true }
        return try withReader { reader throws(StoreError) in try reader.decision(id: id) != nil }
    }

    /// Stores a policy's serialized state with the positions it covers: impressions recorded and
    /// conversions committed before this call. Returns once committed.
    package func saveSnapshot(site: String, state: [UInt8]) async throws(StoreError) {
        try await writer.enqueueSnapshot(site: site, state: state, at: Date()).get()
    }

    /// The most recent committed snapshot for the site, if any.
    package func latestSnapshot(site: String) throws(StoreError) -> Snapshot? {
        try reader.withLock { reader throws(StoreError) in try reader.latestSnapshot(site: site) }
    }

    /// Calls `body` with every learnable event of the site after `snapshot` (everything when nil), in
    /// order. Uses its own connection, so `body` may call back into the store. Throws `StoreError` or
    /// whatever `body` throws.
    package func replay(site: String, after snapshot: Snapshot?, _ body: (ReplayEvent) throws -> Void) throws {
        let connection = ReadConnection(db: try Database(path: path, mode: .readWriteCreate))
        try connection.db.execute("PRAGMA query_only = ON", for: "make replay reader query-only")
        try connection.replay(site: site, after: snapshot, body)
    }

    /// Folds one chunk of old events into per-day totals (see `applyRetention`).
    func fold(_ request: EventFolder.Request) async throws(StoreError) -> EventFolder.Outcome {
        try await writer.enqueueFold(request).get()
    }

    /// Bytes of the database file in use (free pages left by folding are reused, not counted).
    package func usedBytes() throws(StoreError) -> Int64 {
        try reader.withLock { reader throws(StoreError) in try reader.usedBytes() }
    }

    /// When the oldest raw decision still kept was made, in milliseconds.
    func oldestDecisionMilliseconds() throws(StoreError) -> Int64? {
        try reader.withLock { reader throws(StoreError) in try reader.oldestDecisionMilliseconds() }
    }

    /// Commits everything recorded before the call (the SIGTERM/SIGINT path).
    package func flush() async throws(StoreError) {
        try await writer.flush().get()
    }

    /// Flushes, then closes the database; later calls fail with `.closed` (impressions are dropped).
    package func close() async throws(StoreError) {
        try await writer.close().get()
        reader.withLock { $0.close() }
        pendingJoins.close()
        lock.release()
    }

    /// 32 random bytes for signing cookies, created with the database and kept in it, so assignment
    /// cookies stay valid across restarts.
    package func secret() -> [UInt8] { cookieSecret }

    /// The site's activity as a regular series of complete days or hours (committed events).
    package func activitySeries(
        site: String, metric: ActivityMetric, variant: String? = nil, placement: String? = nil,
        frequency: ForecastFrequency, timeZone: TimeZone, now: Date
    ) throws(StoreError) -> ForecastRegularSeries? {
        try reader.withLock { reader throws(StoreError) in
            try reader.activitySeries(
                site: site, metric: metric, variant: variant, placement: placement, frequency: frequency,
                timeZone: timeZone, now: now)
        }
    }

    /// Variants whose conversion rate collapsed (see `ReadConnection.rateCollapse`).
    package func rateCollapse(site: String, timeZone: TimeZone, now: Date) throws -> AnomalyReport? {
        try reader.withLock { reader in try reader.rateCollapse(site: site, timeZone: timeZone, now: now) }
    }

    /// Per site and variant counts of committed events (call `flush` first to include buffered ones).
    package func stats() throws(StoreError) -> [SiteStats] {
        try reader.withLock { reader throws(StoreError) in try reader.stats() }
    }

    /// Stats from a database file without opening a store: read-only, never creates or migrates, safe
    /// while a server writes to it. For `sitegen stats`.
    package static func stats(databaseAt path: String) throws(StoreError) -> [SiteStats] {
        try ReadConnection.openExisting(path: path).stats()
    }

    /// Impressions lost: recorded after `close`, with a non-finite propensity, or beyond the in-memory
    /// limit while the disk was failing.
    package var droppedDecisions: Int { writer.droppedDecisions }

    /// Whether the store can write now: `/healthz` answers 503 unless it can.
    package var health: StoreHealth { writer.health }

    /// Impressions in memory waiting for a transaction (grows only while writes fail).
    package var bufferedDecisions: Int { writer.bufferedDecisions }

    /// Transactions the writer has committed, for judging how well group commit batches.
    package var committedTransactions: Int { writer.committedTransactions }

    /// `count` random bytes kept in `meta` under `key`, created with the database: the cookie
    /// secret (so assignment cookies stay valid across restarts) and the outbox id.
    private static func ensureRandomMeta(_ db: Database, key: String, count: Int) throws(StoreError) -> [UInt8] {
        let connection = ReadConnection(db: db)
        if let existing = try connection.metaValue(key), existing.count == count { return existing }
        var generator = SystemRandomNumberGenerator()  // getrandom(2) on Linux: cryptographically secure
        let fresh = (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let insert = try db.prepare(StoreSQL.insertMeta, for: "store \(key)")
        try insert.bind(1, key)
        try insert.bind(2, blob: fresh)
        try insert.run()
        // Another process may have won the race to create it; theirs is the one on disk.
        guard let stored = try connection.metaValue(key) else {
            throw .corruptRow(table: "meta", column: "value", detail: "\(key) missing after insert")
        }
        return stored
    }
}
