/// The policies `personalize.policy` may name. All of them learn the same sufficient statistics, so
/// switching a site's policy keeps what it has learned.
package enum PolicyKind: String, Sendable, CaseIterable, Codable {
    /// Fixed traffic weights: a classic A/B split.
    case uniform
    /// Beta-Bernoulli on each variant's conversions, times its mean value per conversion.
    case thompson
    /// Hierarchical Bayesian linear model over one-hot features, sampled Thompson-style.
    case lints
    /// The default: rate and order value learned apart, context effects that must earn their
    /// weight, forgetting chosen from the data and change detection instead of a half-life, and a
    /// computed (exact) choice distribution.
    case adaptive
    /// The same model's mean plus `alpha` posterior standard deviations, greedily.
    case linucb
    /// The same model's mean, greedily, with `epsilon` of traffic split evenly.
    case epsilonGreedy = "epsilon-greedy"
}

extension PolicyKind {
    /// Every name, as site.yml spells them.
    package static var names: [String] { allCases.map(\.rawValue) }
}
