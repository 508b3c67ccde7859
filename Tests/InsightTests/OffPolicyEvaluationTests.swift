import XCTest

@testable import Insight

/// A ten-row log with two cells and two actions. Expected values were computed row by row in
/// scripts/reference_values.py (numpy, from the per-decision definitions, not from sums; the
/// interval is value + shift ± t·se with the Student t quantile and skewness shift described in
/// `OffPolicyEvaluation`); e.g.
/// uniform IPS by hand: cell a has weight 0.5/0.5 = 1 on rewards 1+0+0+1+1 = 3; cell b adds
/// 0.5/0.2·1 = 2.5 and 0.5/0.8·1 = 0.625; (3 + 2.5 + 0.625)/10 = 0.6125.
final class OffPolicyEvaluationTests: XCTestCase {
    static let rows: [(String, Int, Double, Double)] = [
        ("a", 0, 0.5, 1), ("a", 0, 0.5, 0), ("a", 1, 0.5, 0), ("a", 1, 0.5, 1), ("a", 1, 0.5, 1),
        ("b", 0, 0.2, 1), ("b", 1, 0.8, 0), ("b", 1, 0.8, 1), ("b", 1, 0.8, 0), ("b", 0, 0.25, 0),
    ]

    static func sums(_ rows: [(String, Int, Double, Double)]) -> [OffPolicySums] {
        var table: [String: OffPolicySums] = [:]
        for (cell, action, propensity, reward) in rows {
            table["\(cell)/\(action)", default: OffPolicySums(cell: cell, action: action)]
                .add(propensity: propensity, reward: reward)
        }
        return Array(table.values)
    }

    private func check(
        _ evaluation: OffPolicyEvaluation, _ policy: TargetPolicy, _ estimator: OffPolicyEstimator,
        _ expected: (Double, Double, Double), line: UInt = #line
    ) throws {
        let estimate = try evaluation.estimate(policy, estimator: estimator)
        XCTAssertEqual(try XCTUnwrap(estimate.value), expected.0, accuracy: 1e-12, line: line)
        XCTAssertEqual(try XCTUnwrap(estimate.lower), expected.1, accuracy: 1e-12, line: line)
        XCTAssertEqual(try XCTUnwrap(estimate.upper), expected.2, accuracy: 1e-12, line: line)
    }

    func testEstimatesMatchRowByRowComputation() throws {
        let evaluation = try OffPolicyEvaluation(sums: Self.sums(Self.rows), actionCount: 2)
        try check(evaluation, .uniform, .ips, (0.6125, 0.15208990190621363, 1.5226636869988988))
        try check(evaluation, .uniform, .snips, (0.5384615384615384, 0.05168957837912325, 1.0471623224001099))
        try check(evaluation, .uniform, .dr, (0.525, -0.036239634534123044, 1.0948881890400424))
        try check(evaluation, .always(0), .ips, (0.7, -0.5712356323938057, 3.0061806121444734))
        try check(evaluation, .always(0), .snips, (0.5384615384615384, -0.3874685197949327, 1.5524321943143793))
        try check(evaluation, .always(0), .dr, (0.55, -0.5470867092511296, 2.000830941145958))
        try check(evaluation, .always(1), .ips, (0.525, 0.00582150314710872, 1.395174818469353))
        try check(evaluation, .always(1), .snips, (0.5384615384615384, -0.01955446390261084, 1.0868014830048922))
        try check(evaluation, .always(1), .dr, (0.5, -0.05913530246382931, 1.0041099527721324))
        for estimator in OffPolicyEstimator.allCases {
            try check(evaluation, .logged, estimator, (0.5, 0.12297380620029918, 0.8770261937997008))
        }
        let uniform = try evaluation.estimate(.uniform, estimator: .ips)
        XCTAssertEqual(try XCTUnwrap(uniform.effectiveSampleSize), 7.879162702188392, accuracy: 1e-12)
        XCTAssertEqual(uniform.largestWeight, 2.5)
        let always0 = try evaluation.estimate(.always(0), estimator: .snips)
        XCTAssertEqual(try XCTUnwrap(always0.effectiveSampleSize), 3.4489795918367347, accuracy: 1e-12)
        XCTAssertEqual(always0.largestWeight, 5)
        XCTAssertEqual(always0.decisions, 10)
    }

    func testRewardBoundsClampTheInterval() throws {
        let evaluation = try OffPolicyEvaluation(sums: Self.sums(Self.rows), actionCount: 2)
        let estimate = try evaluation.estimate(.always(0), estimator: .dr, rewardBounds: 0...1)
        XCTAssertEqual(estimate.lower, 0)
        XCTAssertEqual(estimate.upper, 1)
        XCTAssertEqual(estimate.value, 0.55)
    }

    func testActionNeverChosen() throws {
        // Action 1 never logged in cell b: DR uses action 1's mean from cell a (2/3) there.
        let rows = Self.rows.filter { !($0.0 == "b" && $0.1 == 1) }
        let evaluation = try OffPolicyEvaluation(sums: Self.sums(rows), actionCount: 2)
        let dr = try evaluation.estimate(.always(1), estimator: .dr)
        XCTAssertEqual(dr.cellsWithoutAction, 1)
        // Cell a (5 rows): q = 2/3, IPS correction Σ w (r − q) = 2·(1 − 2/3 … ) sums to 0 over its 3 rows
        // (weights 2, rewards 0,1,1 → 2·(2 − 3·2/3) = 0); cell b (2 rows): direct term 2/3 each.
        XCTAssertEqual(try XCTUnwrap(dr.value), (5 * 2.0 / 3 + 2 * 2.0 / 3) / 7, accuracy: 1e-12)

        // An action logged nowhere: nothing to reweight, for every estimator.
        let onlyZero = try OffPolicyEvaluation(sums: Self.sums(Self.rows.filter { $0.1 == 0 }), actionCount: 2)
        for estimator in OffPolicyEstimator.allCases {
            let estimate = try onlyZero.estimate(.always(1), estimator: estimator)
            XCTAssertNil(estimate.value)
            XCTAssertEqual(estimate.gap, .noSupport)
        }
    }

    func testEmptyAndSingleDecision() throws {
        let empty = try OffPolicyEvaluation(sums: [], actionCount: 3)
        for estimate in try empty.allEstimates() {
            XCTAssertNil(estimate.value)
            XCTAssertEqual(estimate.gap, .noDecisions)
        }
        let one = try OffPolicyEvaluation(sums: Self.sums([("a", 0, 0.5, 1)]), actionCount: 2)
        let estimate = try one.estimate(.uniform, estimator: .ips)
        XCTAssertEqual(estimate.value, 1)  // π/p·r = 0.5/0.5·1
        XCTAssertNil(estimate.lower)
        XCTAssertEqual(estimate.gap, .singleDecision)
        XCTAssertThrowsError(try one.estimate(.always(2), estimator: .ips))
        XCTAssertThrowsError(try OffPolicyEvaluation(sums: Self.sums([("a", 5, 0.5, 1)]), actionCount: 2))
    }

    func testNoNonFiniteValues() throws {
        // Zero rewards everywhere, and a cell with a single decision: every field finite or nil.
        let rows: [(String, Int, Double, Double)] = [("a", 0, 1, 0), ("a", 0, 1, 0), ("b", 1, 0.02, 0)]
        let evaluation = try OffPolicyEvaluation(sums: Self.sums(rows), actionCount: 2)
        for estimate in try evaluation.allEstimates() {
            for value in [
                estimate.value, estimate.lower, estimate.upper, estimate.standardError,
                estimate.effectiveSampleSize, estimate.largestWeight,
            ].compactMap({ $0 }) {
                XCTAssert(value.isFinite, "\(estimate.policy) \(estimate.estimator)")
            }
        }
    }
}
