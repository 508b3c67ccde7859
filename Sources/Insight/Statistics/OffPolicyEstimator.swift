/// How a target policy's value is estimated from logged decisions.
package enum OffPolicyEstimator: String, Sendable, Hashable, CaseIterable {
    /// Inverse propensity scoring: (1/N) Σ π(aᵢ) rᵢ/pᵢ. Unbiased; variance grows with the weights.
    case ips
    /// Self-normalised IPS: Σ π w r / Σ π w. Slightly biased, far less variable; interval by the
    /// delta method.
    case snips
    /// Doubly robust with the per-(cell, action) mean reward as the model.
    case dr
}
