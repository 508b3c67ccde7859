/// The capacity hint: the highest point forecast in the horizon, and how high it may plausibly go.
package struct ForecastCapacityHint: Sendable, Equatable, Codable {
    package var step: Int
    package var value: Double
    package var upper95: Double
}
