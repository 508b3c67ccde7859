/// The most one conversion teaches a site's bandit, per goal: `max_value` when the goal declares
/// one, else its `value`. Stored conversions keep what was reported (reports show real revenue);
/// only the learned reward is capped, so one huge value, even from an authenticated caller, counts
/// as one conversion at the goal's cap instead of taking the allocation over.
///
/// The rule reads nothing but the manifest and the event, so learning live and replaying the store
/// after a restart learn exactly the same rewards.
package struct RewardCaps: Sendable, Equatable {
    private let byGoal: [String: Double]
    /// For a goal the manifest no longer declares (removed by a redeploy; its old conversions are
    /// still replayed): the largest cap the site has, or no cap when the site declares no goals.
    private let otherwise: Double

    package init(goals: [GoalManifest]) {
        var byGoal: [String: Double] = [:]
        for goal in goals { byGoal[goal.id] = goal.cap }
        self.byGoal = byGoal
        otherwise = byGoal.values.max() ?? .infinity
    }

    /// No caps at all: rewards are learned as reported (models outside a deployment, tests).
    package static let none = RewardCaps(byGoal: [:], otherwise: .infinity)

    private init(byGoal: [String: Double], otherwise: Double) {
        self.byGoal = byGoal
        self.otherwise = otherwise
    }

    /// The reward the bandit learns for a conversion of `goal` reported as `value`.
    package func learned(_ value: Double, goal: String) -> Double {
        min(value, byGoal[goal] ?? otherwise)
    }
}
