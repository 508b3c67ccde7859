/// Sums over the logged decisions of one (context cell, action) pair, with w = 1/propensity and
/// r the reward (converted 0/1, or revenue). Every field is one SQL aggregate, e.g.
/// `SUM(1.0/propensity)`, `SUM(reward/(propensity*propensity))`, `MAX(1.0/propensity)`,
/// `SUM(reward*reward*reward/(propensity*propensity*propensity))`, so the
/// report aggregates with GROUP BY cell, variant and never loads rows.
package struct OffPolicySums: Sendable, Hashable {
    /// Context cell key (any stable label, e.g. the joined feature values).
    package var cell: String
    /// Action (variant) index in 0..<actionCount.
    package var action: Int
    /// COUNT(*)
    package var count: Double
    /// Σ r
    package var rewardSum: Double
    /// Σ r²
    package var rewardSquaredSum: Double
    /// Σ w
    package var weightSum: Double
    /// Σ w²
    package var weightSquaredSum: Double
    /// Σ w·r
    package var weightedRewardSum: Double
    /// Σ w²·r
    package var squaredWeightRewardSum: Double
    /// Σ w²·r²
    package var squaredWeightRewardSquaredSum: Double
    /// max w
    package var maxWeight: Double
    /// Σ r⁴ and Σ w⁴·r⁴: how noisy the variance estimate itself is, which sets the degrees of
    /// freedom of the interval.
    package var rewardQuarticSum: Double
    package var quarticWeightRewardQuarticSum: Double
    /// Σ r³, Σ w³, Σ w³·r, Σ w³·r², Σ w³·r³: third moments, for the skewness correction of the
    /// intervals (revenue per decision is very skewed: most decisions earn nothing).
    package var rewardCubedSum: Double
    package var cubedWeightSum: Double
    package var cubedWeightRewardSum: Double
    package var cubedWeightRewardSquaredSum: Double
    package var cubedWeightRewardCubedSum: Double

    package init(
        cell: String, action: Int, count: Double, rewardSum: Double, rewardSquaredSum: Double,
        weightSum: Double, weightSquaredSum: Double, weightedRewardSum: Double,
        squaredWeightRewardSum: Double, squaredWeightRewardSquaredSum: Double, maxWeight: Double,
        rewardCubedSum: Double, cubedWeightSum: Double, cubedWeightRewardSum: Double,
        cubedWeightRewardSquaredSum: Double, cubedWeightRewardCubedSum: Double, rewardQuarticSum: Double,
        quarticWeightRewardQuarticSum: Double
    ) {
        self.cell = cell
        self.action = action
        self.count = count
        self.rewardSum = rewardSum
        self.rewardSquaredSum = rewardSquaredSum
        self.weightSum = weightSum
        self.weightSquaredSum = weightSquaredSum
        self.weightedRewardSum = weightedRewardSum
        self.squaredWeightRewardSum = squaredWeightRewardSum
        self.squaredWeightRewardSquaredSum = squaredWeightRewardSquaredSum
        self.maxWeight = maxWeight
        self.rewardCubedSum = rewardCubedSum
        self.cubedWeightSum = cubedWeightSum
        self.cubedWeightRewardSum = cubedWeightRewardSum
        self.cubedWeightRewardSquaredSum = cubedWeightRewardSquaredSum
        self.cubedWeightRewardCubedSum = cubedWeightRewardCubedSum
        self.rewardQuarticSum = rewardQuarticSum
        self.quarticWeightRewardQuarticSum = quarticWeightRewardQuarticSum
    }

    /// Empty sums for a pair, to be filled with `add`.
    package init(cell: String, action: Int) {
        self.init(
            cell: cell, action: action, count: 0, rewardSum: 0, rewardSquaredSum: 0, weightSum: 0,
            weightSquaredSum: 0, weightedRewardSum: 0, squaredWeightRewardSum: 0,
            squaredWeightRewardSquaredSum: 0, maxWeight: 0, rewardCubedSum: 0, cubedWeightSum: 0,
            cubedWeightRewardSum: 0, cubedWeightRewardSquaredSum: 0, cubedWeightRewardCubedSum: 0,
            rewardQuarticSum: 0, quarticWeightRewardQuarticSum: 0)
    }

    /// Adds one decision; what the SQL aggregates compute, for tests and simulations.
    package mutating func add(propensity: Double, reward: Double) {
        let weight = 1 / propensity
        count += 1
        rewardSum += reward
        rewardSquaredSum += reward * reward
        weightSum += weight
        weightSquaredSum += weight * weight
        weightedRewardSum += weight * reward
        squaredWeightRewardSum += weight * weight * reward
        squaredWeightRewardSquaredSum += weight * weight * reward * reward
        maxWeight = max(maxWeight, weight)
        let cube = weight * weight * weight
        rewardCubedSum += reward * reward * reward
        cubedWeightSum += cube
        cubedWeightRewardSum += cube * reward
        cubedWeightRewardSquaredSum += cube * reward * reward
        cubedWeightRewardCubedSum += cube * reward * reward * reward
        let square = reward * reward
        rewardQuarticSum += square * square
        quarticWeightRewardQuarticSum += cube * weight * square * square
    }

    /// Adds another pair's sums (the same cell and action).
    mutating func merge(_ other: OffPolicySums) {
        count += other.count
        rewardSum += other.rewardSum
        rewardSquaredSum += other.rewardSquaredSum
        weightSum += other.weightSum
        weightSquaredSum += other.weightSquaredSum
        weightedRewardSum += other.weightedRewardSum
        squaredWeightRewardSum += other.squaredWeightRewardSum
        squaredWeightRewardSquaredSum += other.squaredWeightRewardSquaredSum
        maxWeight = max(maxWeight, other.maxWeight)
        rewardCubedSum += other.rewardCubedSum
        cubedWeightSum += other.cubedWeightSum
        cubedWeightRewardSum += other.cubedWeightRewardSum
        cubedWeightRewardSquaredSum += other.cubedWeightRewardSquaredSum
        cubedWeightRewardCubedSum += other.cubedWeightRewardCubedSum
        rewardQuarticSum += other.rewardQuarticSum
        quarticWeightRewardQuarticSum += other.quarticWeightRewardQuarticSum
    }

    func validate(actionCount: Int) throws(StatisticsError) {
        guard action >= 0, action < actionCount else {
            throw .actionOutOfRange(action: action, actionCount: actionCount)
        }
        try StatisticsError.checkCount(count, "count")
        try StatisticsError.checkCount(rewardSquaredSum, "Σr²")
        try StatisticsError.checkCount(weightSum, "Σ1/p")
        try StatisticsError.checkCount(weightSquaredSum, "Σ1/p²")
        try StatisticsError.checkCount(squaredWeightRewardSquaredSum, "Σr²/p²")
        try StatisticsError.checkCount(maxWeight, "max 1/p")
        try StatisticsError.checkCount(cubedWeightSum, "Σ1/p³")
        try StatisticsError.checkCount(rewardQuarticSum, "Σr⁴")
        try StatisticsError.checkCount(quarticWeightRewardQuarticSum, "Σr⁴/p⁴")
        try StatisticsError.checkCount(cubedWeightRewardSquaredSum, "Σr²/p³")
        for (name, value) in [
            ("Σr", rewardSum), ("Σr/p", weightedRewardSum), ("Σr/p²", squaredWeightRewardSum), ("Σr³", rewardCubedSum),
            ("Σr/p³", cubedWeightRewardSum), ("Σr³/p³", cubedWeightRewardCubedSum),
        ]
        where !value.isFinite {
            throw .invalidValue(name: name, value: value)
        }
    }
}
