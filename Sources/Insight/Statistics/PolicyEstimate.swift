/// One estimate of a target policy's value per decision (conversion rate, or revenue per visit).
package struct PolicyEstimate: Sendable, Hashable {
    /// Why an estimate or its interval is missing.
    package enum Gap: String, Sendable, Hashable {
        /// No logged decisions at all.
        case noDecisions
        /// The target only plays actions that were never logged: nothing to reweight.
        case noSupport
        /// One decision: a value but no variance, so no interval.
        case singleDecision
    }

    package let policy: TargetPolicy
    package let estimator: OffPolicyEstimator
    package let value: Double?
    package let lower: Double?
    package let upper: Double?
    package let standardError: Double?
    /// Degrees of freedom of the Student t quantile used for the interval (see
    /// `OffPolicyEvaluation`); nil without an interval.
    package let degreesOfFreedom: Double?
    /// (Σ π w)² / Σ (π w)²: how many decisions the estimate is effectively worth.
    package let effectiveSampleSize: Double?
    /// Largest π(a)/p of any logged decision.
    package let largestWeight: Double?
    /// Logged decisions used.
    package let decisions: Double
    /// Cells in which the target plays an action never logged there. IPS and SNIPS stay unbiased
    /// (that is chance, not missing support, while propensities are positive) but noisier; DR
    /// uses the model for them (the action's mean over other cells, else the overall mean).
    package let cellsWithoutAction: Int
    package let gap: Gap?

    static func missing(
        _ policy: TargetPolicy, _ estimator: OffPolicyEstimator, decisions: Double, cellsWithoutAction: Int,
        gap: Gap
    ) -> PolicyEstimate {
        PolicyEstimate(
            policy: policy, estimator: estimator, value: nil, lower: nil, upper: nil, standardError: nil,
            degreesOfFreedom: nil,
            effectiveSampleSize: nil, largestWeight: nil, decisions: decisions,
            cellsWithoutAction: cellsWithoutAction, gap: gap)
    }
}
