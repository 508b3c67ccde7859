import Foundation
import TestKit
import XCTest

@testable import Personalize
@testable import Tools

/// Scenario files shipped in `scenarios/`, found from this file's place in the package.
func shippedScenario(_ name: String) throws -> Scenario {
    try Scenario.load(path: PackageRoot.path("scenarios/\(name).yml").path)
}

/// Runs one policy on a scenario's drawn rounds and returns how it did and what it learned.
func play(_ scenario: Scenario, policy: PolicyKind, rounds: Int? = nil, seed: UInt64 = 1) throws
    -> (result: SimulationResult, bandit: Bandit)
{
    var config = scenario.personalize
    config.policy = policy
    let draws = SimulatedRound.draw(scenario, count: rounds ?? scenario.rounds, seed: seed)
    return try Simulator.play(scenario, config: config, label: policy.rawValue, draws, seed: seed)
}

/// The variant a bandit now favours for a visitor with these features.
func favourite(_ bandit: Bandit, _ features: [String: String]) -> String {
    let p = bandit.probabilities(features)
    return bandit.variants[p.indices.max { p[$0] < p[$1] } ?? 0]
}
