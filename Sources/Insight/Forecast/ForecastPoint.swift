/// One forecast step: the point forecast and its 80% and 95% prediction intervals, all ≥ 0.
package struct ForecastPoint: Sendable, Equatable, Codable {
    /// 1 for the first step after the last observation.
    package var step: Int
    package var value: Double
    package var lower80: Double
    package var upper80: Double
    package var lower95: Double
    package var upper95: Double

    package init(step: Int, value: Double, lower80: Double, upper80: Double, lower95: Double, upper95: Double) {
        self.step = step
        self.value = value
        self.lower80 = lower80
        self.upper80 = upper80
        self.lower95 = lower95
        self.upper95 = upper95
    }
}
