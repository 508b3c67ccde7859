import Foundation

/// One row of the leaderboard.
package struct SiteReportVariant: Codable, Sendable, Equatable {
    package var id: String
    /// Learnable impressions: no bots, no pinned placements.
    package var impressions: Int
    package var conversions: Int
    /// conversions / impressions; `nil` with no impressions.
    package var conversionRate: Double?
    /// Chance that this variant has the highest conversion rate (Beta posteriors).
    package var chanceToBeBest: Double?
    /// 95% credible interval of the conversion rate, `[lower, upper]`.
    package var rateInterval: [Double]?
    /// Posterior mean of the conversion rate (Beta(1+c, 1+n−c) gives (c+1)/(n+2)).
    package var posteriorMean: Double?
    package var revenue: Double?
    /// Revenue per learnable impression, in `units.revenue`.
    package var revenuePerVisit: Double?
    package var revenuePerVisitInterval: [Double]?
    /// Chance to have the highest revenue per visit (normal approximation).
    package var chanceToBeBestRevenuePerVisit: Double?
    /// Impressions from bots, kept apart from `impressions`.
    package var botImpressions: Int
    /// Impressions on pinned placements, kept apart from `impressions`.
    package var pinnedImpressions: Int
    package var upliftOverRunnerUp: SiteReportUplift?
    package var upliftOverFirst: SiteReportUplift?

    package init(
        id: String,
        impressions: Int,
        conversions: Int,
        conversionRate: Double? = nil,
        chanceToBeBest: Double? = nil,
        rateInterval: [Double]? = nil,
        posteriorMean: Double? = nil,
        revenue: Double? = nil,
        revenuePerVisit: Double? = nil,
        revenuePerVisitInterval: [Double]? = nil,
        chanceToBeBestRevenuePerVisit: Double? = nil,
        botImpressions: Int = 0,
        pinnedImpressions: Int = 0,
        upliftOverRunnerUp: SiteReportUplift? = nil,
        upliftOverFirst: SiteReportUplift? = nil
    ) {
        self.id = id
        self.impressions = impressions
        self.conversions = conversions
        // The rate is pure arithmetic on the counts; derive it when the caller did not, so the
        // JSON never lacks it when it is defined.
        self.conversionRate = conversionRate ?? (impressions > 0 ? Double(conversions) / Double(impressions) : nil)
        self.chanceToBeBest = chanceToBeBest
        self.rateInterval = rateInterval
        self.posteriorMean =
            posteriorMean
            ?? (impressions >= 0 && conversions >= 0 ? Double(conversions + 1) / Double(impressions + 2) : nil)
        self.revenue = revenue
        self.revenuePerVisit =
            revenuePerVisit
            ?? (revenue.flatMap { impressions > 0 ? $0 / Double(impressions) : nil })
        self.revenuePerVisitInterval = revenuePerVisitInterval
        self.chanceToBeBestRevenuePerVisit = chanceToBeBestRevenuePerVisit
        self.botImpressions = botImpressions
        self.pinnedImpressions = pinnedImpressions
        self.upliftOverRunnerUp = upliftOverRunnerUp
        self.upliftOverFirst = upliftOverFirst
    }
}
