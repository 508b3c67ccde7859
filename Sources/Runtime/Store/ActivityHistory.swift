import Foundation
import Insight

/// What a site's history looks like hour by hour, for forecasts and anomaly checks: how many
/// visits its QR codes and links brought, and what its conversions were worth.
package enum ActivityMetric: Sendable {
    /// QR scans (`src=qr`), returning visitors included, from the hourly visit counters; for a
    /// database older than the counters, the decisions made (first visits) stand in.
    case scans
    /// The summed value of the conversions committed in the hour (for days folded by retention,
    /// the day's total at its first hour).
    case revenue
}

/// One hour of a site's activity: `hour` counts hours since 1970 (UTC).
package struct HourlyActivity: Sendable, Equatable {
    package var hour: Int64
    package var value: Double
}

enum ActivitySQL {
    static let scansByHour = """
        SELECT hour / 3600000, total(scans) FROM visit_counts
        WHERE site = ?1 AND (?2 IS NULL OR variant = ?2) AND (?3 IS NULL OR placement = ?3) GROUP BY 1 ORDER BY 1
        """
    /// Before schema 3 there were no counters: the decisions (first visits) are the best stand-in.
    static let decisionsByHour = """
        SELECT at / 3600000, count(*) FROM decisions
        WHERE site = ?1 AND (?2 IS NULL OR variant = ?2) AND ?3 IS NULL GROUP BY 1 ORDER BY 1
        """
    static let revenueByHour = """
        SELECT c.at / 3600000, sum(c.value) FROM conversions c JOIN decisions d ON d.id = c.decision_id
        WHERE c.site = ?1 AND (?2 IS NULL OR d.variant = ?2) AND (?3 IS NULL OR d.placement = ?3)
        GROUP BY 1 ORDER BY 1
        """
    /// With folded days (schema 4): their revenue counts at the start of their UTC day.
    static let revenueByHourWithFoldedDays = """
        SELECT hour, total(value) FROM (
            SELECT c.at / 3600000 AS hour, c.value AS value FROM conversions c JOIN decisions d ON d.id = c.decision_id
            WHERE c.site = ?1 AND (?2 IS NULL OR d.variant = ?2) AND (?3 IS NULL OR d.placement = ?3)
            UNION ALL
            SELECT day / 3600000, revenue FROM daily_totals
            WHERE site = ?1 AND (?2 IS NULL OR variant = ?2) AND (?3 IS NULL OR placement = ?3) AND revenue > 0
        ) GROUP BY 1 ORDER BY 1
        """
    static let revenueByHourBeforePlacements = """
        SELECT c.at / 3600000, sum(c.value) FROM conversions c JOIN decisions d ON d.id = c.decision_id
        WHERE c.site = ?1 AND (?2 IS NULL OR d.variant = ?2) AND ?3 IS NULL GROUP BY 1 ORDER BY 1
        """
}

extension ReadConnection {
    /// The site's activity per hour in which anything happened, oldest first.
    package func hourlyActivity(site: String, metric: ActivityMetric, variant: String?, placement: String?)
        throws(StoreError) -> [HourlyActivity]
    {
        let version = try schemaVersion()
        let counted = version >= Schema.reportColumnsVersion
        let sql =
            switch metric {
            case .scans: counted ? ActivitySQL.scansByHour : ActivitySQL.decisionsByHour
            case .revenue:
                version >= Schema.dailyTotalsVersion
                    ? ActivitySQL.revenueByHourWithFoldedDays
                    : counted ? ActivitySQL.revenueByHour : ActivitySQL.revenueByHourBeforePlacements
            }
        let statement = try statement(sql, for: "read hourly activity")
        defer { statement.reset() }
        try statement.bind(1, site)
        try statement.bind(2, optional: variant)
        try statement.bind(3, optional: placement)
        var hours: [HourlyActivity] = []
        while try statement.step() {
            hours.append(HourlyActivity(hour: statement.int64(0), value: statement.double(1)))
        }
        return hours
    }
}

extension ReadConnection {
    /// The site's activity as a regular series of complete days or hours in `timeZone` (see
    /// `HourlyHistory`): what forecasts and anomaly checks, over HTTP or the command line, read.
    package func activitySeries(
        site: String, metric: ActivityMetric, variant: String? = nil, placement: String? = nil,
        frequency: ForecastFrequency, timeZone: TimeZone, now: Date
    ) throws(StoreError) -> ForecastRegularSeries? {
        let hours = try hourlyActivity(site: site, metric: metric, variant: variant, placement: placement)
        return HourlyHistory.series(
            hours.map { ($0.hour, $0.value) }, frequency: frequency, timeZone: timeZone, now: now)
    }
}

/// A site's time zone as its manifest names it; UTC when the name is unknown here.
package enum SiteTimeZone {
    package static func named(_ identifier: String?) -> TimeZone {
        identifier.flatMap(TimeZone.init(identifier:)) ?? .gmt
    }
}
