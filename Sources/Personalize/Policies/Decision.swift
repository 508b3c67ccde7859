/// One choice of variant for one visitor, with what the runtime logs next to it.
public struct Decision: Sendable, Codable, Equatable {
    public var variant: String
    public var variantIndex: Int
    /// Probability with which this variant was chosen: exact for `adaptive` (the draw uses this
    /// very distribution), `uniform`, `epsilon-greedy` and `linucb`; for `thompson` and `lints` a
    /// closed-form estimate (see `Bandit.probabilities`).
    public var propensity: Double
    /// Posterior mean reward of the chosen variant in this context.
    public var expectedReward: Double
    /// Estimated probability that the chosen variant is the best one in this context, under the
    /// posterior the policy samples from (for `lints`, the narrowed one: read it as a ranking
    /// strength rather than a calibrated probability).
    public var confidence: Double

    public init(
        variant: String, variantIndex: Int, propensity: Double, expectedReward: Double,
        confidence: Double
    ) {
        self.variant = variant
        self.variantIndex = variantIndex
        self.propensity = propensity
        self.expectedReward = expectedReward
        self.confidence = confidence
    }
}
