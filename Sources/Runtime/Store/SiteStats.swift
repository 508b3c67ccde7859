/// Counts for one site and variant, as `sitegen stats` and the metrics endpoints report them.
package struct SiteStats: Sendable, Codable, Equatable {
    package var site: String
    package var variant: String
    /// Every recorded impression, bots and previews included (visit tracking).
    package var impressions: Int
    /// Impressions the policy learns from (`learn == true`).
    package var learnableImpressions: Int
    /// Conversions joined to this variant's decisions, every goal.
    package var conversions: Int
    /// Impressions with at least one conversion (a visitor may reach several goals).
    package var convertedImpressions: Int
    /// Sum of the conversions' values.
    package var reward: Double

    package init(
        site: String, variant: String, impressions: Int, learnableImpressions: Int, conversions: Int,
        convertedImpressions: Int, reward: Double
    ) {
        self.site = site
        self.variant = variant
        self.impressions = impressions
        self.learnableImpressions = learnableImpressions
        self.conversions = conversions
        self.convertedImpressions = convertedImpressions
        self.reward = reward
    }

    /// The share of impressions that converted at least once (never above 1, however many goals a
    /// visitor reached); 0 when there were no impressions.
    package var conversionRate: Double { impressions == 0 ? 0 : Double(convertedImpressions) / Double(impressions) }
}
