/// How one variant is doing overall, for `sitegen stats` and the preview bar.
public struct VariantReport: Sendable, Codable, Equatable {
    public var variant: String
    /// Undecayed counts.
    public var impressions: Int
    public var conversions: Int
    public var reward: Double
    /// Posterior mean reward per impression, with its central 95% interval.
    public var mean: Double
    public var lower: Double
    public var upper: Double
    /// Posterior probability that this variant has the highest mean reward.
    public var probabilityBest: Double
    /// This variant's share of all impressions so far (nil before any).
    public var trafficShare: Double?

    public init(
        variant: String, impressions: Int, conversions: Int, reward: Double, mean: Double,
        lower: Double, upper: Double, probabilityBest: Double, trafficShare: Double?
    ) {
        self.variant = variant
        self.impressions = impressions
        self.conversions = conversions
        self.reward = reward
        self.mean = mean
        self.lower = lower
        self.upper = upper
        self.probabilityBest = probabilityBest
        self.trafficShare = trafficShare
    }
}
