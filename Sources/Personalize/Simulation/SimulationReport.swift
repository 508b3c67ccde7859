/// Results of one simulation: the oracle, the uniform split, then each policy asked for.
package struct SimulationReport: Sendable {
    package var scenario: String
    package var variants: [String]
    package var rounds: Int
    package var seed: UInt64
    package var results: [SimulationResult]
}
