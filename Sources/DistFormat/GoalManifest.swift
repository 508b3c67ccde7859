package struct GoalManifest: Codable, Sendable, Equatable {
    package var id: String
    /// Reward when the conversion reports no value of its own.
    package var value: Double

    package init(id: String, value: Double) {
        self.id = id
        self.value = value
    }
}
