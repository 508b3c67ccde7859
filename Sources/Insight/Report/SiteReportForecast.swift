import Foundation

/// A projection drawn after the observed timeline, with 80% and 95% bands.
package struct SiteReportForecast: Codable, Sendable, Equatable {
    /// What is forecast; "scans" is drawn on the scans-per-day chart, anything else on its own.
    package var metric: String
    package var points: [Point]

    package struct Point: Codable, Sendable, Equatable {
        package var bucket: String
        package var start: Date
        package var value: Double?
        package var lower80: Double?
        package var upper80: Double?
        package var lower95: Double?
        package var upper95: Double?

        package init(
            start: Date, granularity: SiteReportTimelineBucket.Granularity, value: Double?, lower80: Double?,
            upper80: Double?, lower95: Double?, upper95: Double?
        ) {
            self.start = start
            self.bucket = SiteReportTimelineBucket.label(start, granularity: granularity)
            self.value = value
            self.lower80 = lower80
            self.upper80 = upper80
            self.lower95 = lower95
            self.upper95 = upper95
        }
    }

    package init(metric: String, points: [Point]) {
        self.metric = metric
        self.points = points
    }
}
