/// Retention's write side: folds the oldest raw decisions, with their conversions, into
/// `daily_totals` and deletes them, a bounded chunk per call, inside one of the writer's
/// transactions (so requests never wait for more than a chunk).
///
/// What may be folded is what nothing will read row by row again:
/// - decisions made before the cutoff that their site's latest snapshot covers (a restart
///   restores the snapshot and replays only later rows), whose conversions it covers too;
/// - never the newest decision or conversion row: SQLite numbers a new row after the largest
///   `seq` present, and a reused number at or below a snapshot's mark would be skipped by replay;
/// - with a shared store (`--store`), never a decision or conversion the shipper has not yet
///   seen committed there (above its marks in `meta`): the local file is that store's outbox.
struct EventFolder {
    /// What one call was asked to do.
    struct Request: Sendable {
        /// Milliseconds: only decisions made before this are folded.
        var cutoff: Int64
        /// Decisions up to this `seq` were looked at by earlier calls of the same pass.
        var after: Int64
        /// The most decisions looked at in this call.
        var limit: Int
        /// Fold only what the shipper marked shipped (a shared store is configured). Without a
        /// mark in `meta` nothing has been shipped, so nothing is folded.
        var shippedOnly = false
    }

    /// What one call did.
    struct Outcome: Sendable, Equatable {
        var folded: Int
        /// The last `seq` looked at: the next call of the pass starts after it.
        var lastSeq: Int64
        /// No decision before the cutoff is left to look at.
        var finished: Bool
    }

    /// The columns of a decision that its day's totals are keyed by.
    private struct OldDecision {
        var seq: Int64
        var id: String
        var site: String
        var variant: String
        var features: String
        /// '' for none, as in `daily_totals`.
        var placement: String
        var source: String
        var pinned: Bool
        var learn: Bool
        var at: Int64
    }

    private let oldest: Statement
    private let conversionsOf: Statement
    private let snapshotMarks: Statement
    private let newestConversion: Statement
    private let upsertTotals: Statement
    private let deleteConversions: Statement
    private let deleteDecision: Statement
    private let selectMeta: Statement

    init(db: Database) throws(StoreError) {
        oldest = try db.prepare(
            """
            SELECT seq, id, site, variant, features, coalesce(placement, ''), coalesce(source, ''), pinned, learn, at
            FROM decisions WHERE seq > ?1 AND seq < (SELECT max(seq) FROM decisions) ORDER BY seq LIMIT ?2
            """, for: "read old decisions")
        conversionsOf = try db.prepare(
            "SELECT seq, value FROM conversions WHERE decision_id = ?", for: "read old conversions")
        snapshotMarks = try db.prepare(
            "SELECT site, max(last_decision_seq), max(last_conversion_seq) FROM snapshots GROUP BY site",
            for: "read snapshot marks")
        newestConversion = try db.prepare(StoreSQL.maxConversionSeq, for: "read conversion position")
        upsertTotals = try db.prepare(
            """
            INSERT INTO daily_totals (site, day, variant, features, placement, source, pinned, learn,
                impressions, converted, conversions, revenue, revenue_squares)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)
            ON CONFLICT (site, day, variant, features, placement, source, pinned, learn) DO UPDATE SET
                impressions = impressions + 1, converted = converted + excluded.converted,
                conversions = conversions + excluded.conversions, revenue = revenue + excluded.revenue,
                revenue_squares = revenue_squares + excluded.revenue_squares
            """, for: "fold into daily totals")
        deleteConversions = try db.prepare(
            "DELETE FROM conversions WHERE decision_id = ?", for: "delete folded conversions")
        deleteDecision = try db.prepare("DELETE FROM decisions WHERE seq = ?", for: "delete folded decision")
        selectMeta = try db.prepare(StoreSQL.selectMeta, for: "read shipped marks")
    }

    var statements: [Statement] {
        [
            oldest, conversionsOf, snapshotMarks, newestConversion, upsertTotals, deleteConversions, deleteDecision,
            selectMeta,
        ]
    }

    /// Call inside a transaction.
    func fold(_ request: Request) throws(StoreError) -> Outcome {
        var marks: [String: (decision: Int64, conversion: Int64)] = [:]
        defer { snapshotMarks.reset() }
        while try snapshotMarks.step() {
            marks[snapshotMarks.string(0)] = (snapshotMarks.int64(1), snapshotMarks.int64(2))
        }
        snapshotMarks.reset()
        defer { newestConversion.reset() }
        _ = try newestConversion.step()
        let newestConversionSeq = newestConversion.int64(0)
        newestConversion.reset()
        let shipped = request.shippedOnly ? try shippedMarks() : nil

        // Read the chunk first: deleting while a SELECT on the same table is stepping is allowed
        // in SQLite but its result is then undefined for rows not yet returned.
        var rows: [OldDecision] = []
        defer { oldest.reset() }
        try oldest.bind(1, request.after)
        try oldest.bind(2, Int64(request.limit))
        while try oldest.step() {
            rows.append(
                OldDecision(
                    seq: oldest.int64(0), id: oldest.string(1), site: oldest.string(2), variant: oldest.string(3),
                    features: oldest.string(4), placement: oldest.string(5), source: oldest.string(6),
                    pinned: oldest.bool(7), learn: oldest.bool(8), at: oldest.int64(9)))
        }
        oldest.reset()

        var outcome = Outcome(folded: 0, lastSeq: request.after, finished: rows.count < request.limit)
        for row in rows {
            // Decisions come in the order they were made (clock steps aside): the first one at or
            // after the cutoff ends the pass.
            guard row.at < request.cutoff else {
                outcome.finished = true
                break
            }
            outcome.lastSeq = row.seq
            guard let mark = marks[row.site], row.seq <= mark.decision else { continue }
            if let shipped, row.seq > shipped.decisionSeq { continue }
            var converted: [Double] = []
            var coveredConversions = true
            try conversionsOf.bind(1, row.id)
            while try conversionsOf.step() {
                let seq = conversionsOf.int64(0)
                if seq > mark.conversion || seq >= newestConversionSeq { coveredConversions = false }
                if let shipped, seq > shipped.conversionSeq { coveredConversions = false }
                converted.append(conversionsOf.double(1))
            }
            conversionsOf.reset()
            guard coveredConversions else { continue }

            let value = converted.reduce(0, +)
            try upsertTotals.bind(1, row.site)
            try upsertTotals.bind(2, Self.dayStart(row.at))
            try upsertTotals.bind(3, row.variant)
            try upsertTotals.bind(4, Self.dayFeatures(row.features))
            try upsertTotals.bind(5, row.placement)
            try upsertTotals.bind(6, row.source)
            try upsertTotals.bind(7, row.pinned)
            try upsertTotals.bind(8, row.learn)
            try upsertTotals.bind(9, Int64(converted.isEmpty ? 0 : 1))
            try upsertTotals.bind(10, Int64(converted.count))
            try upsertTotals.bind(11, value)
            try upsertTotals.bind(12, value * value)
            try upsertTotals.run()
            if !converted.isEmpty {
                try deleteConversions.bind(1, row.id)
                try deleteConversions.run()
            }
            try deleteDecision.bind(1, row.seq)
            try deleteDecision.run()
            outcome.folded += 1
        }
        return outcome
    }

    /// The shipper's marks as committed (0 for one never written).
    private func shippedMarks() throws(StoreError) -> ShippedMarks {
        func mark(_ key: String) throws(StoreError) -> Int64 {
            defer { selectMeta.reset() }
            try selectMeta.bind(1, key)
            guard try selectMeta.step() else { return 0 }
            return Int64(String(decoding: selectMeta.blob(0), as: UTF8.self)) ?? 0
        }
        return ShippedMarks(
            decisionSeq: try mark(ShippedMarks.decisionKey), conversionSeq: try mark(ShippedMarks.conversionKey))
    }

    /// The stored features without the hour of day: a folded day has no hours, and keeping them
    /// would multiply its rows by up to 24 for nothing the report can show. Features that cannot
    /// be read are kept as they are.
    static func dayFeatures(_ stored: String) -> String {
        guard var features = try? FeatureJSON.decode(stored), features.removeValue(forKey: "hour") != nil else {
            return stored
        }
        return FeatureJSON.encode(features)
    }

    /// Milliseconds at the start of the UTC day `at` falls on.
    static func dayStart(_ at: Int64) -> Int64 {
        let day: Int64 = 86_400_000
        return at - ((at % day) + day) % day
    }
}
