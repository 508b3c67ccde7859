import Foundation

/// What a site's history looks like hour by hour, for forecasts and anomaly checks: how many
/// visits its QR codes and links brought, and what its conversions were worth.
package enum ActivityMetric: Sendable {
    /// Assignments made (every first visit, learnable or not: bots and pinned placements scan too).
    case visits
    /// The summed value of the conversions committed in the hour.
    case revenue
}

/// One hour of a site's activity: `hour` counts hours since 1970 (UTC).
package struct HourlyActivity: Sendable, Equatable {
    package var hour: Int64
    package var value: Double
}

enum ActivitySQL {
    static let visitsByHour = """
        SELECT at / 3600000, count(*) FROM decisions
        WHERE site = ?1 AND (?2 IS NULL OR variant = ?2) GROUP BY 1 ORDER BY 1
        """
    static let revenueByHour = """
        SELECT c.at / 3600000, sum(c.value) FROM conversions c JOIN decisions d ON d.id = c.decision_id
        WHERE c.site = ?1 AND (?2 IS NULL OR d.variant = ?2) GROUP BY 1 ORDER BY 1
        """
}

extension ReadConnection {
    /// The site's activity per hour in which anything happened, oldest first.
    package func hourlyActivity(site: String, metric: ActivityMetric, variant: String?) throws(StoreError)
        -> [HourlyActivity]
    {
        let sql = metric == .visits ? ActivitySQL.visitsByHour : ActivitySQL.revenueByHour
        let statement = try statement(sql, for: "read hourly activity")
        defer { statement.reset() }
        try statement.bind(1, site)
        if let variant { try statement.bind(2, variant) } else { try statement.bindNull(2) }
        var hours: [HourlyActivity] = []
        while try statement.step() {
            hours.append(HourlyActivity(hour: statement.int64(0), value: statement.double(1)))
        }
        return hours
    }
}

extension ReadConnection {
    /// Every site with at least one recorded decision, in name order.
    package func recordedSites() throws(StoreError) -> [String] {
        let statement = try statement("SELECT DISTINCT site FROM decisions ORDER BY site", for: "list sites")
        defer { statement.reset() }
        var sites: [String] = []
        while try statement.step() { sites.append(statement.string(0)) }
        return sites
    }
}
