import Foundation
import Insight

/// One site's events in a time range, reduced to what the report shows, in one read
/// transaction (so a server writing meanwhile cannot make the figures disagree).
///
/// Why a scan and not `GROUP BY`: SQLite groups by sorting every input row, and the report needs
/// five groupings (variant, context cell, hour, placement, source) of up to 10 million rows.
/// One pass in rowid order with hash aggregation in memory reads each row once; memory grows
/// with the number of distinct groups (contexts, hours, placements), never with the rows.
/// Conversions are grouped per decision in SQL (their unique index gives that order for free)
/// and merged by decision `seq` as the scan advances.
package struct ReportScan: Sendable {
    /// Learnable, bot and pinned counts with conversions and revenue.
    package struct Tally: Sendable, Equatable {
        package var impressions = 0
        package var conversions = 0
        package var revenue = 0.0
        package var revenueSquares = 0.0

        mutating func add(converted: Bool, value: Double) {
            impressions += 1
            if converted {
                conversions += 1
                revenue += value
                revenueSquares += value * value
            }
        }

        mutating func add(_ other: Tally) {
            impressions += other.impressions
            conversions += other.conversions
            revenue += other.revenue
            revenueSquares += other.revenueSquares
        }
    }

    /// Everything seen for one variant.
    package struct VariantTotals: Sendable, Equatable {
        package var learnable = Tally()
        package var bots = Tally()
        package var pinned = Tally()
    }

    /// One context cell's sample-ratio sums (learnable decisions with a probability vector).
    package struct RatioSums: Sendable {
        package var observed: [Double]
        package var expected: [Double]
        /// K × K, row-major.
        package var products: [Double]

        init(width: Int) {
            observed = Array(repeating: 0, count: width)
            expected = Array(repeating: 0, count: width)
            products = Array(repeating: 0, count: width * width)
        }
    }

    package var site: String
    /// In the stored probability vectors' order (the layout's), then any found only in the data.
    package var variants: [String]
    package var layout: SiteLayout?
    package var from: Date
    package var to: Date
    package var totals: [VariantTotals]
    /// Learnable tallies per hour bucket (milliseconds at its start), per variant.
    package var hours: [Int64: [Tally]]
    /// QR scans and page views per hour, every placement.
    package var scansByHour: [Int64: Int]
    /// Learnable tallies per context (the stored features), per variant.
    package var contexts: [[String: String]: [Tally]]
    /// Learnable tallies per placement and per source ("" = none), per variant.
    package var placementTallies: [String: [Tally]]
    package var sourceTallies: [String: [Tally]]
    /// Per placement, every decision (new visitor) and the converted ones, whatever their kind.
    package var placementVisitors: [String: (visitors: Int, conversions: Int)]
    /// The newest decision in the range: the day it falls on is still incomplete.
    package var lastDecisionAt: Date?
    /// From `visit_counts`: scans per placement and hour (milliseconds at its start).
    package var placementHourlyScans: [String: [Int64: Int]] = [:]
    /// From `visit_counts`: scans and views per placement ("" = none).
    package var placementScans: [String: (scans: Int, views: Int)]
    /// Per policy cell, the sample-ratio sums; cells are the layout's features' values.
    package var ratioCells: [String: RatioSums]
    /// Learnable decisions left out of the sample-ratio check: no (or a mis-sized) probability vector.
    package var decisionsWithoutProbabilities: Int
    /// Off-policy sums per (cell, variant): conversion (0/1) and revenue as the reward.
    package var conversionSums: [OffPolicySums]
    package var revenueSums: [OffPolicySums]
    package var lastEventAt: Date?
    package var droppedEvents: Int
    /// The database lacks schema 3's columns: placements, sources, vectors and scans are absent.
    package var olderSchema: Bool
}

extension ReadConnection {
    /// Sites with a recorded layout, else sites with at least one decision; sorted.
    /// A server records every site it serves in `meta` (schema 3), so that list is enough and
    /// costs nothing; only a database without any layout is scanned for its sites (a full scan:
    /// `decisions` has no index on `site`).
    package func reportSites() throws(StoreError) -> [String] {
        var sites = Set(try siteLayouts().keys)
        if !sites.isEmpty { return sites.sorted() }
        let statement = try statement("SELECT DISTINCT site FROM decisions", for: "list sites")
        defer { statement.reset() }
        while try statement.step() { sites.insert(statement.string(0)) }
        return sites.sorted()
    }

    /// Whether the site has a recorded layout or decision (cheap when it has).
    package func hasSite(_ site: String) throws(StoreError) -> Bool {
        if try siteLayouts()[site] != nil { return true }
        let statement = try statement("SELECT 1 FROM decisions WHERE site = ? LIMIT 1", for: "find site")
        defer { statement.reset() }
        try statement.bind(1, site)
        return try statement.step()
    }

    /// Reads one site's events between `from` (inclusive) and `to` (exclusive); nil bounds mean
    /// from the first and to the last event.
    package func reportScan(site: String, from: Date?, to: Date?) throws(StoreError) -> ReportScan {
        try db.transaction("read report", immediate: false) { () throws(StoreError) in
            try scanInTransaction(site: site, from: from, to: to)
        }
    }

    private static func nonEmpty(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        bytes.isEmpty ? nil : bytes
    }

    private func scanInTransaction(site: String, from: Date?, to: Date?) throws(StoreError) -> ReportScan {
        let version = try schemaVersion()
        let olderSchema = version < Schema.reportColumnsVersion
        let layout = try siteLayouts()[site]
        let lower = from?.storeMilliseconds ?? Int64.min
        let upper = to?.storeMilliseconds ?? Int64.max

        // Conversions per decision, in decision order, for the merge below.
        var converted: [(seq: Int64, count: Int, value: Double)] = []
        let conversions = try statement(
            """
            SELECT d.seq, count(*), total(c.value) FROM conversions c JOIN decisions d ON d.id = c.decision_id
            WHERE c.site = ?1 AND d.site = ?1 AND d.at >= ?2 AND d.at < ?3 GROUP BY c.decision_id
            """, for: "group conversions by decision")
        defer { conversions.reset() }
        try conversions.bind(1, site)
        try conversions.bind(2, lower)
        try conversions.bind(3, upper)
        while try conversions.step() {
            converted.append((conversions.int64(0), Int(conversions.int64(1)), conversions.double(2)))
        }
        converted.sort { $0.seq < $1.seq }

        var aggregator = ReportAggregator(site: site, layout: layout)
        let columns =
            olderSchema
            ? "seq, variant, features, pinned, learn, propensity, NULL, NULL, NULL, at"
            : "seq, variant, features, pinned, learn, propensity, probabilities, placement, source, at"
        let decisions = try statement(
            "SELECT \(columns) FROM decisions WHERE site = ?1 AND at >= ?2 AND at < ?3 ORDER BY seq",
            for: "scan decisions")
        defer { decisions.reset() }
        try decisions.bind(1, site)
        try decisions.bind(2, lower)
        try decisions.bind(3, upper)
        var next = 0
        while try decisions.step() {
            let seq = decisions.int64(0)
            while next < converted.count, converted[next].seq < seq { next += 1 }
            var conversion: (count: Int, value: Double)?
            if next < converted.count, converted[next].seq == seq {
                conversion = (converted[next].count, converted[next].value)
            }
            try aggregator.add(
                variant: decisions.rawBytes(1), features: decisions.rawBytes(2), pinned: decisions.bool(3),
                learn: decisions.bool(4), propensity: decisions.double(5), probabilities: decisions.rawBytes(6),
                // Both are NULL or a non-empty token (the store validates them): empty means NULL.
                placement: Self.nonEmpty(decisions.rawBytes(7)), source: Self.nonEmpty(decisions.rawBytes(8)),
                at: decisions.int64(9),
                conversion: conversion)
        }

        if version >= Schema.dailyTotalsVersion {
            let folded = try statement(
                """
                SELECT variant, features, placement, source, pinned, learn, day, impressions, converted, revenue,
                       revenue_squares
                FROM daily_totals WHERE site = ?1 AND day >= ?2 AND day < ?3
                """, for: "read folded days")
            defer { folded.reset() }
            try folded.bind(1, site)
            try folded.bind(2, lower)
            try folded.bind(3, upper)
            while try folded.step() {
                let tally = ReportScan.Tally(
                    impressions: Int(folded.int64(7)), conversions: Int(folded.int64(8)), revenue: folded.double(9),
                    revenueSquares: folded.double(10))
                try aggregator.addFolded(
                    variant: folded.rawBytes(0), features: folded.rawBytes(1), pinned: folded.bool(4),
                    learn: folded.bool(5), placement: Self.nonEmpty(folded.rawBytes(2)),
                    source: Self.nonEmpty(folded.rawBytes(3)), day: folded.int64(6), tally: tally)
            }
        }

        var scansByHour: [Int64: Int] = [:]
        var placementScans: [String: (scans: Int, views: Int)] = [:]
        var placementHourlyScans: [String: [Int64: Int]] = [:]
        if !olderSchema {
            let visits = try statement(
                """
                SELECT placement, hour, total(scans), total(views) FROM visit_counts
                WHERE site = ?1 AND hour >= ?2 AND hour < ?3 GROUP BY placement, hour
                """, for: "read visit counters")
            defer { visits.reset() }
            try visits.bind(1, site)
            try visits.bind(2, lower == Int64.min ? lower : lower - lower % 3_600_000)
            try visits.bind(3, upper)
            while try visits.step() {
                let scans = Int(visits.double(2))
                let views = Int(visits.double(3))
                scansByHour[visits.int64(1), default: 0] += scans
                let placement = visits.string(0)
                placementHourlyScans[placement, default: [:]][visits.int64(1), default: 0] += scans
                let before = placementScans[placement] ?? (0, 0)
                placementScans[placement] = (before.scans + scans, before.views + views)
            }
        }

        let lastConversion = try statement(
            "SELECT max(at) FROM conversions WHERE site = ?1", for: "read last conversion")
        defer { lastConversion.reset() }
        try lastConversion.bind(1, site)
        var lastEvent = aggregator.lastAt
        if try lastConversion.step(), !lastConversion.isNull(0) {
            lastEvent = max(lastEvent ?? Int64.min, lastConversion.int64(0))
        }
        let dropped = try metaValue(StoreWriter.droppedKey).flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0

        var scan = aggregator.finish(
            from: from ?? aggregator.firstAt.map { Date(storeMilliseconds: $0) } ?? Date(),
            to: to ?? lastEvent.map { Date(storeMilliseconds: $0 + 1) } ?? Date(),
            scansByHour: scansByHour, placementScans: placementScans,
            lastEventAt: lastEvent.map { Date(storeMilliseconds: $0) }, droppedEvents: dropped,
            olderSchema: olderSchema)
        scan.placementHourlyScans = placementHourlyScans
        scan.lastDecisionAt = aggregator.lastAt.map { Date(storeMilliseconds: $0) }
        return scan
    }
}

/// The per-row work of `ReportScan`, kept to byte comparisons and array updates: strings are
/// interned by their bytes and parsed once per distinct value.
struct ReportAggregator {
    let site: String
    let layout: SiteLayout?
    private(set) var variants: [String]
    private var variantBytes: [[UInt8]]
    /// Width of the stored probability vectors (the layout's variant count); 0 without a layout.
    private let vectorWidth: Int
    private var totals: [ReportScan.VariantTotals]
    private var hours: [Int64: [ReportScan.Tally]] = [:]
    private var hourRows: [[ReportScan.Tally]] = []
    private var baseHour: Int64?
    private var features = ByteInterner()
    private var featureTallies: [[ReportScan.Tally]] = []
    /// Per features id, its policy cell's index.
    private var featureCells: [Int] = []
    private var cellKeys: [String] = []
    private var cellIndex: [String: Int] = [:]
    private var ratio: [ReportScan.RatioSums] = []
    private var conversionSums: [[OffPolicySums]] = []
    private var revenueSums: [[OffPolicySums]] = []
    private var placements = ByteInterner()
    private var placementTallies: [[ReportScan.Tally]] = []
    private var placementVisitors: [(visitors: Int, conversions: Int)] = []
    private var sources = ByteInterner()
    private var sourceTallies: [[ReportScan.Tally]] = []
    private var withoutProbabilities = 0
    private(set) var firstAt: Int64?
    private(set) var lastAt: Int64?

    init(site: String, layout: SiteLayout?) {
        self.site = site
        self.layout = layout
        variants = layout?.variants ?? []
        variantBytes = variants.map { Array($0.utf8) }
        vectorWidth = layout?.variants.count ?? 0
        totals = Array(repeating: ReportScan.VariantTotals(), count: variants.count)
    }

    private mutating func variantIndex(_ bytes: UnsafeRawBufferPointer) -> Int {
        for (index, known) in variantBytes.enumerated() where known.count == bytes.count {
            guard let theirs = bytes.baseAddress else { return index }  // both empty
            if known.withUnsafeBytes({ mine in mine.baseAddress.map { memcmp($0, theirs, bytes.count) == 0 } ?? false })
            {
                return index
            }
        }
        variantBytes.append(Array(bytes))
        variants.append(String(decoding: bytes, as: UTF8.self))
        totals.append(ReportScan.VariantTotals())
        return variants.count - 1
    }

    private static func grow(_ row: inout [ReportScan.Tally], to count: Int) {
        if row.count < count { row.append(contentsOf: repeatElement(ReportScan.Tally(), count: count - row.count)) }
    }

    /// One decision row, with its conversions' count and total value when it converted.
    mutating func add(
        variant rawVariant: UnsafeRawBufferPointer, features rawFeatures: UnsafeRawBufferPointer, pinned: Bool,
        learn: Bool, propensity: Double, probabilities: UnsafeRawBufferPointer, placement: UnsafeRawBufferPointer?,
        source: UnsafeRawBufferPointer?, at: Int64, conversion: (count: Int, value: Double)?
    ) throws(StoreError) {
        var tally = ReportScan.Tally()
        tally.add(converted: conversion != nil, value: conversion?.value ?? 0)
        try add(
            variant: rawVariant, features: rawFeatures, pinned: pinned, learn: learn, propensity: propensity,
            probabilities: probabilities, placement: placement, source: source, at: at, tally: tally)
    }

    /// A folded day (`daily_totals`): counted in every tally like the decisions it stands for,
    /// but with no propensities or probability vectors it is left out of the sample-ratio check
    /// and the off-policy estimates.
    mutating func addFolded(
        variant: UnsafeRawBufferPointer, features: UnsafeRawBufferPointer, pinned: Bool, learn: Bool,
        placement: UnsafeRawBufferPointer?, source: UnsafeRawBufferPointer?, day: Int64, tally: ReportScan.Tally
    ) throws(StoreError) {
        try add(
            variant: variant, features: features, pinned: pinned, learn: learn, propensity: 0,
            probabilities: UnsafeRawBufferPointer(start: nil, count: 0), placement: placement, source: source,
            at: day, tally: tally)
    }

    /// `tally`: one decision (the per-row case) or a folded day's many.
    private mutating func add(
        variant rawVariant: UnsafeRawBufferPointer, features rawFeatures: UnsafeRawBufferPointer, pinned: Bool,
        learn: Bool, propensity: Double, probabilities: UnsafeRawBufferPointer, placement: UnsafeRawBufferPointer?,
        source: UnsafeRawBufferPointer?, at: Int64, tally: ReportScan.Tally
    ) throws(StoreError) {
        let variant = variantIndex(rawVariant)
        let isConverted = tally.conversions > 0
        let value = tally.revenue
        firstAt = min(firstAt ?? at, at)
        lastAt = max(lastAt ?? at, at)

        let placementID = placement.map { placements.id(for: $0) }
        if let placementID {
            if placementID == placementVisitors.count {
                placementVisitors.append((0, 0))
                placementTallies.append([])
            }
            placementVisitors[placementID].visitors += tally.impressions
            placementVisitors[placementID].conversions += tally.conversions
        }

        guard learn else {
            if pinned {
                totals[variant].pinned.add(tally)
            } else {
                totals[variant].bots.add(tally)
            }
            return
        }
        totals[variant].learnable.add(tally)

        let hour = at - ((at % 3_600_000) + 3_600_000) % 3_600_000
        // Rows come in time order, so hours are an array from the first one seen; a row older
        // than that (clock steps) goes to the dictionary.
        let firstHour = baseHour ?? hour
        baseHour = firstHour
        let hourOffset = Int((hour - firstHour) / 3_600_000)
        if hourOffset >= 0, hourOffset < 24 * 366 * 20 {
            if hourOffset >= hourRows.count {
                hourRows.append(contentsOf: repeatElement([], count: hourOffset - hourRows.count + 1))
            }
            Self.grow(&hourRows[hourOffset], to: variant + 1)
            hourRows[hourOffset][variant].add(tally)
        } else {
            Self.grow(&hours[hour, default: []], to: variant + 1)
            hours[hour, default: []][variant].add(tally)
        }

        let featureID = features.id(for: rawFeatures)
        if featureID == featureTallies.count {
            featureTallies.append([])
            featureCells.append(try cell(forFeatures: rawFeatures))
        }
        Self.grow(&featureTallies[featureID], to: variant + 1)
        featureTallies[featureID][variant].add(tally)

        if let placementID {
            Self.grow(&placementTallies[placementID], to: variant + 1)
            placementTallies[placementID][variant].add(tally)
        }
        let sourceID = sources.id(for: source ?? UnsafeRawBufferPointer(start: nil, count: 0))
        if sourceID == sourceTallies.count { sourceTallies.append([]) }
        Self.grow(&sourceTallies[sourceID], to: variant + 1)
        sourceTallies[sourceID][variant].add(tally)

        let cell = featureCells[featureID]
        // Off-policy sums need the logged variant to be one of the vector's (the layout's).
        if variant < vectorWidth, propensity > 0, propensity.isFinite {
            conversionSums[cell][variant].add(propensity: propensity, reward: isConverted ? 1 : 0)
            revenueSums[cell][variant].add(propensity: propensity, reward: value)
        }
        let width = vectorWidth
        guard width > 0, variant < width, probabilities.count == width * 8 else {
            withoutProbabilities += tally.impressions
            return
        }
        ratio[cell].observed[variant] += 1
        @inline(__always) func probability(_ k: Int) -> Double {
            Double(
                bitPattern: UInt64(littleEndian: probabilities.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self)))
        }
        ratio[cell].expected.withUnsafeMutableBufferPointer { expected in
            for k in 0..<width { expected[k] += probability(k) }
        }
        ratio[cell].products.withUnsafeMutableBufferPointer { products in
            for k in 0..<width {
                let pk = probability(k)
                for l in k..<width { products[k * width + l] += pk * probability(l) }
            }
        }
    }

    /// The policy cell of a stored features string: the values of the layout's features.
    private mutating func cell(forFeatures raw: UnsafeRawBufferPointer) throws(StoreError) -> Int {
        let json = String(decoding: raw, as: UTF8.self)
        // A row the server wrote is always valid JSON; anything else reads as no features rather
        // than failing the whole report.
        let values = (try? FeatureJSON.decode(json)) ?? [:]
        contextValues.append(values)
        let key = (layout?.features ?? []).map { "\($0)=\(values[$0] ?? "unknown")" }.joined(separator: " · ")
        if let known = cellIndex[key] { return known }
        let index = cellKeys.count
        cellKeys.append(key)
        cellIndex[key] = index
        ratio.append(ReportScan.RatioSums(width: vectorWidth))
        let width = max(vectorWidth, 1)
        conversionSums.append((0..<width).map { OffPolicySums(cell: key, action: $0) })
        revenueSums.append((0..<width).map { OffPolicySums(cell: key, action: $0) })
        return index
    }

    /// Per features id, the parsed values (filled once per distinct features string).
    private var contextValues: [[String: String]] = []

    /// The hour rows and the stray older hours together, empty hours left out.
    private func allHours() -> [Int64: [ReportScan.Tally]] {
        var result = hours
        guard let baseHour else { return result }
        for (offset, row) in hourRows.enumerated() where !row.isEmpty {
            let hour = baseHour + Int64(offset) * 3_600_000
            var merged = result[hour] ?? []
            Self.grow(&merged, to: row.count)
            for (k, tally) in row.enumerated() { merged[k].add(tally) }
            result[hour] = merged
        }
        return result
    }

    func finish(
        from: Date, to: Date, scansByHour: [Int64: Int], placementScans: [String: (scans: Int, views: Int)],
        lastEventAt: Date?, droppedEvents: Int, olderSchema: Bool
    ) -> ReportScan {
        let width = variants.count
        func padded(_ row: [ReportScan.Tally]) -> [ReportScan.Tally] {
            var row = row
            Self.grow(&row, to: width)
            return row
        }
        var contexts: [[String: String]: [ReportScan.Tally]] = [:]
        for (id, row) in featureTallies.enumerated() {
            var merged = contexts[contextValues[id]] ?? padded([])
            for (k, tally) in row.enumerated() { merged[k].add(tally) }
            contexts[contextValues[id]] = merged
        }
        var placementRows: [String: [ReportScan.Tally]] = [:]
        var visitors: [String: (visitors: Int, conversions: Int)] = [:]
        for id in 0..<placements.count {
            let name = placements.string(id)
            placementRows[name] = padded(placementTallies[id])
            visitors[name] = placementVisitors[id]
        }
        var sourceRows: [String: [ReportScan.Tally]] = [:]
        for id in 0..<sources.count { sourceRows[sources.string(id)] = padded(sourceTallies[id]) }
        var ratioCells: [String: ReportScan.RatioSums] = [:]
        for (index, key) in cellKeys.enumerated() where vectorWidth > 0 {
            var sums = ratio[index]
            // Only the upper triangle was summed per row; mirror it.
            for k in 0..<vectorWidth {
                for l in 0..<k { sums.products[k * vectorWidth + l] = sums.products[l * vectorWidth + k] }
            }
            ratioCells[key] = sums
        }
        return ReportScan(
            site: site, variants: variants, layout: layout, from: from, to: to, totals: totals,
            hours: allHours().mapValues(padded), scansByHour: scansByHour, contexts: contexts,
            placementTallies: placementRows, sourceTallies: sourceRows, placementVisitors: visitors,
            placementScans: placementScans, ratioCells: ratioCells, decisionsWithoutProbabilities: withoutProbabilities,
            conversionSums: vectorWidth > 0 ? conversionSums.flatMap { $0 }.filter { $0.count > 0 } : [],
            revenueSums: vectorWidth > 0 ? revenueSums.flatMap { $0 }.filter { $0.count > 0 } : [],
            lastEventAt: lastEventAt, droppedEvents: droppedEvents, olderSchema: olderSchema)
    }
}

/// Distinct byte strings numbered in order of first sight: an open-addressing table of hashes
/// over one flat byte buffer, so the per-row lookup allocates nothing, retains nothing and
/// creates no `String` (it ran for every row and dominated the scan with a `Dictionary`).
struct ByteInterner {
    private var bytes: [UInt8] = []
    private var starts: [Int] = []
    private var hashes: [UInt64] = []
    /// Per slot: an id + 1, or 0 when free. A power of two, never more than half full.
    private var slots = [Int32](repeating: 0, count: 1024)

    var count: Int { starts.count }

    func string(_ id: Int) -> String {
        let end = id + 1 < starts.count ? starts[id + 1] : bytes.count
        return String(decoding: bytes[starts[id]..<end], as: UTF8.self)
    }

    private func length(_ id: Int) -> Int {
        (id + 1 < starts.count ? starts[id + 1] : bytes.count) - starts[id]
    }

    static func hash(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        // Eight bytes at a time (a context's JSON is ~150 bytes); the byte comparison in `id`
        // makes any collision harmless.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(raw.count)
        var offset = 0
        while offset + 8 <= raw.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x100_0000_01b3
            hash ^= hash >> 29
            offset += 8
        }
        while offset < raw.count {
            hash = (hash ^ UInt64(raw[offset])) &* 0x100_0000_01b3
            offset += 1
        }
        return hash ^ (hash >> 32)
    }

    mutating func id(for raw: UnsafeRawBufferPointer) -> Int {
        let hash = Self.hash(raw)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            let id = entry - 1
            if hashes[id] == hash, length(id) == raw.count, equal(id, raw) { return id }
            slot = (slot + 1) & mask
        }
        let id = starts.count
        starts.append(bytes.count)
        bytes.append(contentsOf: raw)
        hashes.append(hash)
        slots[slot] = Int32(id + 1)
        if starts.count * 2 > slots.count { rehash() }
        return id
    }

    private func equal(_ id: Int, _ raw: UnsafeRawBufferPointer) -> Bool {
        guard let theirs = raw.baseAddress else { return true }  // both empty
        let start = starts[id]
        return bytes.withUnsafeBytes { mine in
            guard let base = mine.baseAddress else { return false }
            return memcmp(base + start, theirs, raw.count) == 0
        }
    }

    private mutating func rehash() {
        var grown = [Int32](repeating: 0, count: slots.count * 2)
        let mask = grown.count - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while grown[slot] != 0 { slot = (slot + 1) & mask }
            grown[slot] = Int32(id + 1)
        }
        slots = grown
    }
}
