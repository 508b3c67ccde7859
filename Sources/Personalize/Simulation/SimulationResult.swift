/// How one policy (or the oracle) did over a simulation.
package struct SimulationResult: Sendable, Equatable {
    package var policy: String
    package var conversions: Int
    package var reward: Double
    /// Sum over rounds of the best variant's expected reward minus the chosen one's: the regret
    /// without the noise of who happened to convert.
    package var regret: Double
    /// Percentage of the oracle's (realised) reward.
    package var percentOfOracle: Double
    /// Reward divided by the uniform split's.
    package var ratioToUniform: Double
    /// Decisions plus their updates per second of wall time (nil for the oracle).
    package var decisionsPerSecond: Double?
    /// Share of rounds each variant was shown.
    package var shares: [Double]

    package init(
        policy: String, conversions: Int, reward: Double, regret: Double, percentOfOracle: Double,
        ratioToUniform: Double, decisionsPerSecond: Double?, shares: [Double]
    ) {
        self.policy = policy
        self.conversions = conversions
        self.reward = reward
        self.regret = regret
        self.percentOfOracle = percentOfOracle
        self.ratioToUniform = ratioToUniform
        self.decisionsPerSecond = decisionsPerSecond
        self.shares = shares
    }
}
