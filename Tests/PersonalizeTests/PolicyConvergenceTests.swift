import XCTest

@testable import Personalize
@testable import Tools

/// Each policy ends up favouring the right variant in the scenarios built for it (fixed seeds, so
/// statistical but deterministic).
final class PolicyConvergenceTests: XCTestCase {
    let mobileEvening = ["device": "mobile", "daypart": "evening", "hour": "20", "country": "IT"]
    let desktopMorning = ["device": "desktop", "daypart": "morning", "hour": "9", "country": "DE"]
    let mobileAfternoon = ["device": "mobile", "daypart": "afternoon", "hour": "15", "country": "FR"]

    func testEveryLearningPolicyFindsTheVariantThatIsBestEverywhere() throws {
        let scenario = try shippedScenario("one-best")
        for policy: PolicyKind in [.thompson, .lints, .linucb, .epsilonGreedy] {
            // Statistical: 0.038 against 0.030 is a small gap for 20,000 visitors, and a greedy
            // policy (linucb, epsilon-greedy) sometimes still rides an early leader; most seeds
            // must end on the right variant.
            var right = 0
            for seed: UInt64 in 1...3 {
                let (result, bandit) = try play(scenario, policy: policy, seed: seed)
                let best = bandit.report().max { $0.probabilityBest < $1.probabilityBest }
                if favourite(bandit, mobileEvening) == "bold", favourite(bandit, desktopMorning) == "bold",
                    best?.variant == "bold"
                {
                    right += 1
                }
                XCTAssertGreaterThan(result.reward, 0)
            }
            XCTAssertGreaterThanOrEqual(right, 2, policy.rawValue)
        }
    }

    func testContextualPoliciesLearnTheBestVariantPerDeviceAndDaypart() throws {
        let scenario = try shippedScenario("device-daypart")
        let expected = [(mobileEvening, "bold"), (desktopMorning, "calm"), (mobileAfternoon, "classic")]
        for policy: PolicyKind in [.lints, .linucb, .epsilonGreedy] {
            // Statistical: a segment seen by 7% of 20,000 visitors is occasionally still
            // undecided, so count right answers over three seeds × three segments. A policy blind
            // to context can get at most one segment per seed right (3 of 9).
            var right = 0
            for seed: UInt64 in 1...3 {
                let bandit = try play(scenario, policy: policy, seed: seed).bandit
                right += expected.filter { favourite(bandit, $0.0) == $0.1 }.count
            }
            XCTAssertGreaterThanOrEqual(right, 7, policy.rawValue)
        }
    }

    func testDefaultPolicyMatchesThompsonWithoutContextAndBeatsItWithContext() throws {
        let flat = try shippedScenario("one-best")
        let contextual = try shippedScenario("device-daypart")
        var flatLints = 0.0
        var flatThompson = 0.0
        var contextLints = 0.0
        var contextThompson = 0.0
        for seed: UInt64 in 1...3 {
            flatLints += try play(flat, policy: .lints, seed: seed).result.reward
            flatThompson += try play(flat, policy: .thompson, seed: seed).result.reward
            contextLints += try play(contextual, policy: .lints, seed: seed).result.reward
            contextThompson += try play(contextual, policy: .thompson, seed: seed).result.reward
        }
        XCTAssertGreaterThan(flatLints, 0.97 * flatThompson)
        XCTAssertGreaterThan(contextLints, 1.1 * contextThompson)
    }

    func testRevenueAwarePoliciesPreferTheMostValuableVariant() throws {
        let scenario = try shippedScenario("revenue")
        for policy: PolicyKind in [.thompson, .lints] {
            let (result, bandit) = try play(scenario, policy: policy)
            XCTAssertEqual(favourite(bandit, mobileEvening), "premium", policy.rawValue)
            // The most-converting variant is not where the traffic went.
            XCTAssertLessThan(result.shares[0], 0.2, policy.rawValue)
        }
    }

    func testHalfLifeFollowsDrift() throws {
        let scenario = try shippedScenario("drift")
        for policy: PolicyKind in [.thompson, .lints] {
            let bandit = try play(scenario, policy: policy).bandit
            XCTAssertEqual(favourite(bandit, mobileEvening), "summer", policy.rawValue)
        }
    }

    func testDelayedOutOfOrderFeedbackStillTeaches() throws {
        let scenario = try shippedScenario("delayed")
        XCTAssertEqual(scenario.delay, 0...3000)
        let bandit = try play(scenario, policy: .lints).bandit
        XCTAssertEqual(favourite(bandit, mobileEvening), "short")
        XCTAssertEqual(favourite(bandit, desktopMorning), "detailed")
        // Conversions still in flight at the end were not credited: fewer than happened.
        let credited = bandit.report().reduce(0) { $0 + $1.conversions }
        let happened = try play(scenario, policy: .lints).result.conversions
        XCTAssertLessThan(credited, happened)
        XCTAssertGreaterThan(credited, happened * 3 / 4)
    }

    func testSimulationIsDeterministicUnderASeed() throws {
        let scenario = try shippedScenario("device-daypart")
        var a = try Simulator.run(scenario, policies: [.lints, .thompson], rounds: 3000, seed: 5)
        var b = try Simulator.run(scenario, policies: [.lints, .thompson], rounds: 3000, seed: 5)
        for i in a.results.indices {
            a.results[i].decisionsPerSecond = nil
            b.results[i].decisionsPerSecond = nil
        }
        XCTAssertEqual(a.results, b.results)
        XCTAssertEqual(a.results.map(\.policy), ["oracle", "uniform", "lints", "thompson"])
        let oracle = a.results[0]
        for r in a.results.dropFirst() { XCTAssertLessThanOrEqual(r.reward, oracle.reward * 1.1) }
        XCTAssertEqual(a.results[1].ratioToUniform, 1)
    }
}
