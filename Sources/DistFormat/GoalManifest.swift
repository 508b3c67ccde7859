public struct GoalManifest: Codable, Sendable, Equatable {
    public var id: String
    /// Reward when the conversion reports no value of its own.
    public var value: Double

    public init(id: String, value: Double) {
        self.id = id
        self.value = value
    }
}
