import Foundation

/// Everything one site's report shows, as numbers already computed.
///
/// The filler (database aggregation + statistics) builds this value; `SiteReportHTML`,
/// `SiteReportCSV` and `SiteReportJSON` only render it. JSON key names are a contract read by
/// other programs, so stored property names must not be renamed.
///
/// Conventions, so every rendering agrees:
/// - rates and shares are fractions in 0...1 (0.041 is 4.1%);
/// - uplifts are relative fractions (0.12 is +12%);
/// - revenue is in `units.revenue` (a currency code or a label);
/// - `impressions`/`conversions` count what the policy learns from (no bots, no pinned placements);
/// - any value that cannot be computed is `nil`; a non-finite `Double` that slips through is
///   written as JSON `null` and shown as "–", never as NaN or Infinity.
package struct SiteReport: Codable, Sendable, Equatable {
    package var site: String
    package var generatedAt: Date
    package var from: Date
    package var to: Date
    package var verdict: SiteReportVerdict
    package var variants: [SiteReportVariant]
    package var policyValue: [SiteReportPolicyValue]
    package var srm: SiteReportSRM?
    /// "day" or "hour": what one `timeline` bucket spans.
    package var timelineGranularity: SiteReportTimelineBucket.Granularity
    package var timeline: [SiteReportTimelineBucket]
    package var segments: [SiteReportSegment]
    package var placements: [SiteReportPlacement]
    package var health: SiteReportHealth
    package var units: SiteReportUnits
    package var forecast: SiteReportForecast?
    package var anomalies: [SiteReportAnomaly]?

    package init(
        site: String,
        generatedAt: Date,
        from: Date,
        to: Date,
        verdict: SiteReportVerdict,
        variants: [SiteReportVariant],
        policyValue: [SiteReportPolicyValue] = [],
        srm: SiteReportSRM? = nil,
        timelineGranularity: SiteReportTimelineBucket.Granularity = .day,
        timeline: [SiteReportTimelineBucket] = [],
        segments: [SiteReportSegment] = [],
        placements: [SiteReportPlacement] = [],
        health: SiteReportHealth,
        units: SiteReportUnits,
        forecast: SiteReportForecast? = nil,
        anomalies: [SiteReportAnomaly]? = nil
    ) {
        self.site = site
        self.generatedAt = generatedAt
        self.from = from
        self.to = to
        self.verdict = verdict
        self.variants = variants
        self.policyValue = policyValue
        self.srm = srm
        self.timelineGranularity = timelineGranularity
        self.timeline = timeline
        self.segments = segments
        self.placements = placements
        var health = health
        // Health repeats the SRM outcome so a reader of `health` alone sees it; derived here so
        // the two can never disagree.
        health.srmPValue = srm?.pValue
        health.srmFlagged = srm?.flagged
        if let last = health.lastEventAt {
            health.secondsSinceLastEvent = max(0, generatedAt.timeIntervalSince(last))
        }
        self.health = health
        self.units = units
        self.forecast = forecast
        self.anomalies = anomalies
    }

    /// True when there is nothing to compare yet: no variant has a learnable impression.
    package var isEmpty: Bool {
        variants.allSatisfy { $0.impressions == 0 }
    }

    package var totalImpressions: Int { variants.reduce(0) { $0 + $1.impressions } }
    package var totalConversions: Int { variants.reduce(0) { $0 + $1.conversions } }
    /// Sum of variant revenue, `nil` when no variant reports revenue.
    package var totalRevenue: Double? {
        let values = variants.compactMap(\.revenue)
        return values.isEmpty ? nil : values.reduce(0, +)
    }
}
