import Foundation
import Insight

/// Per variant of a site, learnable impressions and converted impressions per complete step (by
/// the impression's hour), all on one timeline: what the rate-collapse check reads.
package struct VariantRateHistory: Sendable {
    /// Where every variant's series starts, in the site's time zone.
    package var start: Date
    package var variants: [AnomalyVariantSeries]
}

extension ReadConnection {
    /// Nil for a database without the counters (before schema 6) or without a complete step.
    package func variantRateHistory(site: String, frequency: ForecastFrequency, timeZone: TimeZone, now: Date)
        throws(StoreError) -> VariantRateHistory?
    {
        guard try schemaVersion() >= Schema.variantHoursVersion else { return nil }
        let statement = try statement(
            "SELECT variant, hour / 3600000, impressions, converted FROM variant_hours WHERE site = ?1",
            for: "read variant hours")
        defer { statement.reset() }
        try statement.bind(1, site)
        var impressions: [String: [(hour: Int64, value: Double)]] = [:]
        var converted: [String: [(hour: Int64, value: Double)]] = [:]
        var earliest = Int64.max
        while try statement.step() {
            let variant = statement.string(0)
            let hour = statement.int64(1)
            earliest = min(earliest, hour)
            impressions[variant, default: []].append((hour, Double(statement.int64(2))))
            converted[variant, default: []].append((hour, Double(statement.int64(3))))
        }
        guard earliest != Int64.max else { return nil }
        // A zero at the earliest hour of any variant puts every series on the same first step.
        var start: Date?
        var variants: [AnomalyVariantSeries] = []
        for variant in impressions.keys.sorted() {
            let anchor = [(hour: earliest, value: 0.0)]
            guard
                let shown = HourlyHistory.series(
                    anchor + (impressions[variant] ?? []), frequency: frequency, timeZone: timeZone, now: now),
                let won = HourlyHistory.series(
                    anchor + (converted[variant] ?? []), frequency: frequency, timeZone: timeZone, now: now)
            else { continue }
            start = shown.start
            variants.append(AnomalyVariantSeries(variant: variant, impressions: shown.values, conversions: won.values))
        }
        guard let start else { return nil }
        return VariantRateHistory(start: start, variants: variants)
    }
}

extension ReadConnection {
    /// The site's variants whose conversion rate collapsed against their own history (a broken
    /// checkout link behind a redirect variant), hourly in `timeZone`; nil without counters.
    package func rateCollapse(site: String, timeZone: TimeZone, now: Date) throws -> AnomalyReport? {
        guard let history = try variantRateHistory(site: site, frequency: .hourly, timeZone: timeZone, now: now),
            !history.variants.isEmpty
        else { return nil }
        return try AnomalyDetector(frequency: .hourly).detectRateCollapse(
            variants: history.variants, frequency: .hourly, start: history.start, timeZone: timeZone)
    }
}
