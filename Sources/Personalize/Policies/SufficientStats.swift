/// Additive sufficient statistics for one slice of traffic (a variant, or a variant within one
/// feature value). Every field is a sum, so two servers' statistics merge by adding, and evidence
/// decay is one shared scale factor (see `Bandit.scale`).
struct SufficientStats: Sendable, Equatable {
    /// Impressions (weighted).
    var trials: Double = 0
    /// Conversions, i.e. rewards reported (weighted).
    var conversions: Double = 0
    /// Sum of rewards (weighted).
    var reward: Double = 0
    /// Sum of squared rewards (weighted), for the reward's variance when values differ.
    var rewardSquares: Double = 0

    mutating func add(_ other: SufficientStats, times factor: Double = 1) {
        trials += other.trials * factor
        conversions += other.conversions * factor
        reward += other.reward * factor
        rewardSquares += other.rewardSquares * factor
    }

    func scaled(by factor: Double) -> SufficientStats {
        SufficientStats(
            trials: trials * factor, conversions: conversions * factor, reward: reward * factor,
            rewardSquares: rewardSquares * factor)
    }
}
