import DistFormat
import Foundation
import Insight
import Runtime

/// The series `sitegen forecast` and `sitegen anomalies` work on: each recorded site's activity
/// from a database (read-only, safe beside a live server), in the site's time zone when a built
/// `dist/` says which, UTC otherwise.
package struct SiteHistories {
    package struct History {
        package var site: String
        package var series: ForecastRegularSeries
    }

    package let sites: [String]
    private let connection: ReadConnection
    private let timeZones: [String: TimeZone]

    /// Opens `database`; `dist`, when it holds a manifest, names the sites' time zones.
    package init(database: String, dist: URL?) throws {
        connection = try ReadConnection.openExisting(path: database)
        sites = try connection.reportSites()
        var zones: [String: TimeZone] = [:]
        if let dist, let manifest = try? Manifest.load(fromDist: dist) {
            for site in manifest.sites { zones[site.id] = SiteTimeZone.named(site.timezone) }
        }
        timeZones = zones
    }

    /// The sites to look at: `only`, checked against what the database holds, or all of them.
    package func select(_ only: String?) throws(ToolError) -> [String] {
        guard let only else { return sites }
        guard sites.contains(only) else {
            let known = sites.isEmpty ? "none recorded yet" : sites.joined(separator: ", ")
            throw ToolError("no events for site '\(only)' in this database (sites: \(known))")
        }
        return [only]
    }

    package func history(
        site: String, metric: ActivityMetric, frequency: ForecastFrequency, variant: String? = nil,
        placement: String? = nil, now: Date = Date()
    ) throws -> History? {
        try connection.activitySeries(
            site: site, metric: metric, variant: variant, placement: placement, frequency: frequency,
            timeZone: timeZones[site] ?? SiteTimeZone.named(nil), now: now
        ).map { History(site: site, series: $0) }
    }

    /// The site's variants whose conversion rate collapsed; nil for a database without counters.
    package func rateCollapse(site: String, now: Date = Date()) throws -> AnomalyReport? {
        try connection.rateCollapse(site: site, timeZone: timeZones[site] ?? SiteTimeZone.named(nil), now: now)
    }

    package func close() { connection.close() }
}

/// A command-line mistake the user can fix, said in one line.
package struct ToolError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}
