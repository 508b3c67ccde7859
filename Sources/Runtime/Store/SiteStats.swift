/// Counts for one site and variant, as `sitegen stats`, the metrics endpoints and `sitegen report`
/// define them: one set of definitions, so the three agree.
package struct SiteStats: Sendable, Codable, Equatable {
    package var site: String
    package var variant: String
    /// Every recorded impression, bots and pinned placements included (visit tracking).
    package var impressions: Int
    /// Impressions the policy learns from (`learn == true`: no bots, no pinned placements); the
    /// report's `impressions`.
    package var learnableImpressions: Int
    /// Learnable impressions with at least one conversion (any goal): what the policy learns
    /// from, and the report's `conversions`.
    package var conversions: Int
    /// Impressions of any kind with at least one conversion (a visitor may reach several goals).
    package var convertedImpressions: Int
    /// Conversion rows joined to this variant's decisions: every goal, bots and pinned included.
    package var conversionEvents: Int
    /// Sum of the conversions' values, every impression.
    package var reward: Double
    /// Sum of the conversions' values on learnable impressions.
    package var learnableReward: Double
    /// Impressions from bots (not learned, not pinned).
    package var botImpressions: Int
    /// Impressions on pinned placements.
    package var pinnedImpressions: Int

    package init(
        site: String, variant: String, impressions: Int, learnableImpressions: Int, conversions: Int,
        convertedImpressions: Int, reward: Double, conversionEvents: Int? = nil, learnableReward: Double? = nil,
        botImpressions: Int = 0, pinnedImpressions: Int = 0
    ) {
        self.site = site
        self.variant = variant
        self.impressions = impressions
        self.learnableImpressions = learnableImpressions
        self.conversions = conversions
        self.convertedImpressions = convertedImpressions
        self.conversionEvents = conversionEvents ?? convertedImpressions
        self.reward = reward
        self.learnableReward = learnableReward ?? reward
        self.botImpressions = botImpressions
        self.pinnedImpressions = pinnedImpressions
    }

    /// The share of learnable impressions that converted at least once (never above 1, however
    /// many goals a visitor reached); 0 when there were none. The report's `conversionRate`.
    package var conversionRate: Double {
        learnableImpressions == 0 ? 0 : Double(conversions) / Double(learnableImpressions)
    }
}
