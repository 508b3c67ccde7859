import Foundation

/// SQL text and row decoding shared by the writer and the readers. Every statement takes its values as
/// bound parameters (`?`); nothing from a request is ever spliced into SQL.
enum StoreSQL {
    static let decisionColumns =
        "id, site, variant, propensity, features, pinned, learn, at, placement, source, probabilities"

    static let insertDecision = """
        INSERT OR IGNORE INTO decisions
            (id, site, variant, propensity, features, pinned, learn, at, placement, source, probabilities, origin)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    /// Page views and QR scans, added to the hour's counters.
    static let upsertVisits = """
        INSERT INTO visit_counts (site, variant, placement, hour, views, scans) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (site, variant, placement, hour)
        DO UPDATE SET views = views + excluded.views, scans = scans + excluded.scans
        """
    /// Learnable impressions and first conversions, added to their hour's counters.
    static let upsertVariantHours = """
        INSERT INTO variant_hours (site, variant, hour, impressions, converted) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (site, variant, hour)
        DO UPDATE SET impressions = impressions + excluded.impressions, converted = converted + excluded.converted
        """
    /// Conversion rows of a decision: 1 right after its first goal's insert.
    static let countDecisionConversions = "SELECT count(*) FROM conversions WHERE decision_id = ?"
    static let upsertMeta = """
        INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value
        """
    static let selectDecision = "SELECT \(decisionColumns) FROM decisions WHERE id = ?"
    static let insertConversion = """
        INSERT OR IGNORE INTO conversions (decision_id, site, goal, value, at, origin) VALUES (?, ?, ?, ?, ?, ?)
        """
    static let maxDecisionSeq = "SELECT coalesce(max(seq), 0) FROM decisions"
    static let maxConversionSeq = "SELECT coalesce(max(seq), 0) FROM conversions"
    static let insertSnapshot = """
        INSERT INTO snapshots (site, state, last_decision_seq, last_conversion_seq, at) VALUES (?, ?, ?, ?, ?)
        """
    /// Older snapshots are superseded; a few are kept so a bad latest one can be inspected by hand.
    static let pruneSnapshots = """
        DELETE FROM snapshots WHERE site = ?1 AND seq NOT IN
            (SELECT seq FROM snapshots WHERE site = ?1 ORDER BY seq DESC LIMIT 3)
        """
    static let latestSnapshot = """
        SELECT site, state, last_decision_seq, last_conversion_seq, at FROM snapshots
        WHERE site = ? ORDER BY seq DESC LIMIT 1
        """
    static let replayDecisions = """
        SELECT \(decisionColumns) FROM decisions WHERE site = ? AND seq > ? AND learn = 1 ORDER BY seq
        """
    static let replayConversions = """
        SELECT c.decision_id, c.site, c.goal, c.value, c.at,
               d.id, d.site, d.variant, d.propensity, d.features, d.pinned, d.learn, d.at, d.placement, d.source,
               d.probabilities
        FROM conversions c JOIN decisions d ON d.id = c.decision_id
        WHERE c.site = ? AND c.seq > ? AND d.learn = 1 ORDER BY c.seq
        """
    /// Bots are the decisions neither learned from nor pinned (see `SiteStats`).
    static let impressionCounts = """
        SELECT site, variant, count(*), total(learn), total(pinned), total(learn = 0 AND pinned = 0)
        FROM decisions GROUP BY site, variant
        """
    static let conversionCounts = """
        SELECT d.site, d.variant, count(*), total(c.value), count(DISTINCT c.decision_id),
               count(DISTINCT CASE WHEN d.learn THEN c.decision_id END), total(CASE WHEN d.learn THEN c.value END)
        FROM conversions c JOIN decisions d ON d.id = c.decision_id GROUP BY d.site, d.variant
        """
    /// The same figures from the folded per-day totals (schema 4), in `impressionCounts` then
    /// `conversionCounts` order.
    static let foldedCounts = """
        SELECT site, variant, total(impressions), total(CASE WHEN learn THEN impressions END),
               total(CASE WHEN pinned THEN impressions END),
               total(CASE WHEN learn = 0 AND pinned = 0 THEN impressions END),
               total(conversions), total(revenue), total(converted), total(CASE WHEN learn THEN converted END),
               total(CASE WHEN learn THEN revenue END)
        FROM daily_totals GROUP BY site, variant
        """
    static let selectMeta = "SELECT value FROM meta WHERE key = ?"
    static let insertMeta = "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)"
}

extension Statement {
    func bindDecision(_ d: DecisionRecord) throws(StoreError) {
        try bind(1, d.id)
        try bind(2, d.site)
        try bind(3, d.variant)
        try bind(4, d.propensity)
        try bind(5, d.encodedFeatures.json)
        try bind(6, d.pinned)
        try bind(7, d.learn)
        try bind(8, d.at.storeMilliseconds)
        try bind(9, optional: d.placement)
        try bind(10, optional: d.source)
        if d.probabilities.isEmpty {
            try bindNull(11)
        } else {
            try bind(11, blob: ProbabilityVector.encode(d.probabilities))
        }
        try bind(12, optional: d.origin)
    }

    /// Reads the eleven `decisionColumns` starting at `first`.
    func decision(from first: Int32 = 0) throws(StoreError) -> DecisionRecord {
        let features: EncodedFeatures
        do {
            let json = string(first + 4)
            features = EncodedFeatures(values: try FeatureJSON.decode(json), json: json)
        } catch {
            throw .corruptRow(table: "decisions", column: "features", detail: error.detail)
        }
        return DecisionRecord(
            id: string(first), site: string(first + 1), variant: string(first + 2), propensity: double(first + 3),
            features: features, pinned: bool(first + 5), learn: bool(first + 6),
            at: Date(storeMilliseconds: int64(first + 7)), placement: isNull(first + 8) ? nil : string(first + 8),
            source: isNull(first + 9) ? nil : string(first + 9),
            probabilities: ProbabilityVector.decode(blob(first + 10)) ?? [])
    }
}

/// The `decisions.probabilities` column: little-endian Float64 per variant, 8 bytes each.
package enum ProbabilityVector {
    package static func encode(_ values: [Double]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 8)
        for value in values {
            let bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Nil when the length is not a whole number of Float64s.
    package static func decode(_ bytes: some Collection<UInt8>) -> [Double]? {
        guard bytes.count % 8 == 0 else { return nil }
        var values: [Double] = []
        values.reserveCapacity(bytes.count / 8)
        var bits: UInt64 = 0
        var shift: UInt64 = 0
        for byte in bytes {
            bits |= UInt64(byte) << shift
            shift += 8
            if shift == 64 {
                values.append(Double(bitPattern: bits))
                bits = 0
                shift = 0
            }
        }
        return values
    }
}
