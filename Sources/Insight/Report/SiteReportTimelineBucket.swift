import Foundation

/// One day or hour of the report's time range.
package struct SiteReportTimelineBucket: Codable, Sendable, Equatable {
    package enum Granularity: String, Codable, Sendable {
        case day, hour
    }

    /// ISO date ("2026-11-03") or hour ("2026-11-03T14:00Z") in UTC.
    package var bucket: String
    /// Start of the bucket; what charts and anomaly markers are placed by.
    package var start: Date
    package var variants: [Variant]
    /// QR scans in this bucket (all placements, returning visitors included).
    package var scans: Int

    package struct Variant: Codable, Sendable, Equatable {
        package var id: String
        /// Learnable impressions and conversions in this bucket alone.
        package var impressions: Int
        package var conversions: Int
        /// Conversion rate from the start of the range to the end of this bucket.
        package var cumulativeRate: Double?
        package var cumulativeRateInterval: [Double]?
        /// Chance to be best with the data up to the end of this bucket.
        package var chanceToBeBest: Double?

        package init(
            id: String,
            impressions: Int,
            conversions: Int,
            cumulativeRate: Double? = nil,
            cumulativeRateInterval: [Double]? = nil,
            chanceToBeBest: Double? = nil
        ) {
            self.id = id
            self.impressions = impressions
            self.conversions = conversions
            self.cumulativeRate = cumulativeRate
            self.cumulativeRateInterval = cumulativeRateInterval
            self.chanceToBeBest = chanceToBeBest
        }
    }

    /// `bucket` is derived from `start` so the label always matches the instant.
    package init(start: Date, granularity: Granularity, variants: [Variant], scans: Int) {
        self.start = start
        self.bucket = SiteReportTimelineBucket.label(start, granularity: granularity)
        self.variants = variants
        self.scans = scans
    }

    package static func label(_ date: Date, granularity: Granularity) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour], from: date)
        let day = String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
        switch granularity {
        case .day: return day
        case .hour: return day + String(format: "T%02d:00Z", c.hour ?? 0)
        }
    }
}
