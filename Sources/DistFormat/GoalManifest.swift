package struct GoalManifest: Codable, Sendable, Equatable {
    package var id: String
    /// Reward when the conversion reports no value of its own.
    package var value: Double
    /// The most one conversion of this goal may report from a browser (`site.yml` `max_value`);
    /// nil when undeclared, and then `value` is the most. Absent from manifests built before it
    /// existed, which decode with nil.
    package var maxValue: Double?

    package init(id: String, value: Double, maxValue: Double? = nil) {
        self.id = id
        self.value = value
        self.maxValue = maxValue
    }

    /// What one conversion of this goal is worth at most where the reporter cannot be trusted (a
    /// browser), and what the learner counts it as at most whoever reported it (see `RewardCaps`).
    package var cap: Double { maxValue ?? value }
}
