/// One choice of variant for one visitor, with what the runtime logs next to it.
package struct Decision: Sendable, Codable, Equatable {
    package var variant: String
    package var variantIndex: Int
    /// Probability with which this variant was chosen: exact for `adaptive` (the draw uses this
    /// very distribution), `uniform`, `epsilon-greedy` and `linucb`; for `thompson` and `lints` a
    /// closed-form estimate (see `Bandit.probabilities`).
    package var propensity: Double
    /// Posterior mean reward of the chosen variant in this context.
    package var expectedReward: Double
    /// Estimated probability that the chosen variant is the best one in this context, under the
    /// posterior the policy samples from (for `lints`, the narrowed one: read it as a ranking
    /// strength rather than a calibrated probability).
    package var confidence: Double

    package init(
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
