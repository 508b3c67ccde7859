import Foundation

/// A simulated campaign: who visits (context distribution), how likely each variant converts for
/// them (rate plans, optionally drifting at a given round), what a conversion is worth, and how
/// late conversions are reported. The command line reads it from a YAML file (`ScenarioFile`, in
/// Tools); see `scenarios/*.yml`.
package struct Scenario: Sendable {
    package var name: String
    package var description: String
    package var variants: [String]
    /// Rounds to run when the command line does not say.
    package var rounds: Int
    package var context: ContextDistribution
    /// Ordered by `start`; the first starts at round 0.
    package var plans: [RatePlan]
    /// Reward of one conversion, per variant.
    package var revenue: [Double]
    /// Conversions are reported this many rounds late, uniformly in the range (0...0 = at once).
    package var delay: ClosedRange<Int>
    /// The policies' base settings (features, interactions, floor…); `--policy` overrides the policy.
    package var personalize: PersonalizeConfig

    package init(
        name: String, description: String, variants: [String], rounds: Int, context: ContextDistribution,
        plans: [RatePlan], revenue: [Double], delay: ClosedRange<Int>, personalize: PersonalizeConfig
    ) {
        self.name = name
        self.description = description
        self.variants = variants
        self.rounds = rounds
        self.context = context
        self.plans = plans
        self.revenue = revenue
        self.delay = delay
        self.personalize = personalize
    }

    /// Rounds are drawn up front (every policy sees the same draws), so they cost memory; delays
    /// hold pending feedback per round. Both are bounded far above any real campaign.
    package static let maximumRounds = 10_000_000
    package static let maximumDelay = 1_000_000

    /// The rate plan in force at a round.
    func plan(at round: Int) -> RatePlan {
        plans.last { $0.start <= round } ?? plans[0]
    }

    /// Conversion probabilities at a round: the plan in force, or during a drift's `over` ramp
    /// (slow drift) the straight line from the previous plan's rates to the new one's.
    func rates(at round: Int, for features: [String: String]) -> [Double] {
        guard let i = plans.lastIndex(where: { $0.start <= round }) else { return plans[0].rates(for: features) }
        let plan = plans[i]
        let target = plan.rates(for: features)
        guard i > 0, plan.ramp > 0, round < plan.start + plan.ramp else { return target }
        let from = plans[i - 1].rates(for: features)
        let f = Double(round - plan.start) / Double(plan.ramp)
        return zip(from, target).map { $0 + f * ($1 - $0) }
    }
}
