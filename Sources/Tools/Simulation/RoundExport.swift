import Foundation
import Personalize

/// The drawn rounds of a scenario as JSON Lines, so that other bandit libraries (the benchmark's
/// Vowpal Wabbit and MABWiser runs) can be replayed on exactly the same visitors and outcomes.
/// First line: the scenario header; then one object per round.
package enum RoundExport {
    struct Header: Encodable {
        var scenario: String
        var variants: [String]
        var rounds: Int
        var seed: UInt64
        /// The features the scenario's policies condition on, for a fair comparison.
        var features: [String]
        var interactions: [[String]]
    }

    struct Line: Encodable {
        var features: [String: String]
        var rewards: [Double]
        var expected: [Double]
        var delay: Int
    }

    package static func jsonLines(_ scenario: Scenario, rounds: Int, seed: UInt64) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = try encoder.encode(
            Header(
                scenario: scenario.name, variants: scenario.variants, rounds: rounds, seed: seed,
                features: scenario.personalize.features, interactions: scenario.personalize.interactions))
        data.append(0x0A)
        for round in SimulatedRound.draw(scenario, count: rounds, seed: seed) {
            data.append(
                try encoder.encode(
                    Line(
                        features: round.features, rewards: round.rewards,
                        expected: round.expected(scenario.revenue), delay: round.delay)))
            data.append(0x0A)
        }
        return data
    }
}
