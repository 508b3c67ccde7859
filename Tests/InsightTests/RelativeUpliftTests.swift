import XCTest

@testable import Insight

/// Reference: the ratio CDF ∫ beta.pdf(y; B) beta.cdf(r·y; A) dy by scipy.integrate.quad
/// (tolerance 1e-12) and its quantiles by brentq (scripts/reference_values.py).
final class RelativeUpliftTests: XCTestCase {
    func testIntervalAgainstNumericalIntegration() throws {
        // A: 40 of 1000 → Beta(41, 961); B: 30 of 1000 → Beta(31, 971).
        let uplift = try RelativeUplift(
            treatment: BetaPosterior(conversions: 40, impressions: 1000),
            baseline: BetaPosterior(conversions: 30, impressions: 1000))
        XCTAssertEqual(try XCTUnwrap(uplift.observed), 40.0 / 30 - 1, accuracy: 1e-12)
        XCTAssertEqual(uplift.lower, -0.1602326440549503, accuracy: 1e-7)
        XCTAssertEqual(uplift.median, 0.32600956270814363, accuracy: 1e-7)
        XCTAssertEqual(try XCTUnwrap(uplift.upper), 1.1161648730094993, accuracy: 1e-7)
        XCTAssertEqual(uplift.chanceTreatmentIsBetter, 0.886666545523046, accuracy: 1e-8)

        // 500 of 10,000 vs 450 of 10,000.
        let large = try RelativeUplift(
            treatment: BetaPosterior(conversions: 500, impressions: 10_000),
            baseline: BetaPosterior(conversions: 450, impressions: 10_000))
        XCTAssertEqual(large.lower, -0.018707519406070183, accuracy: 1e-7)
        XCTAssertEqual(large.median, 0.11094468008785219, accuracy: 1e-7)
        XCTAssertEqual(try XCTUnwrap(large.upper), 0.2581017155720353, accuracy: 1e-7)
        XCTAssertEqual(large.chanceTreatmentIsBetter, 0.9517003767766661, accuracy: 1e-8)
    }

    func testBaselineWithoutConversionsIsUnbounded() throws {
        // 5 of 100 vs 0 of 100: Beta(6, 96) / Beta(1, 101).
        let uplift = try RelativeUplift(
            treatment: BetaPosterior(conversions: 5, impressions: 100),
            baseline: BetaPosterior(conversions: 0, impressions: 100))
        XCTAssertNil(uplift.observed)
        XCTAssertNil(uplift.upper)
        XCTAssertEqual(uplift.lower, 0.20362010779423345, accuracy: 1e-6)
        XCTAssertEqual(uplift.median, 7.146531350972577, accuracy: 1e-6)
        XCTAssertEqual(uplift.chanceTreatmentIsBetter, 0.9855234959554202, accuracy: 1e-8)
    }

    func testNoDataAtAll() throws {
        let empty = try BetaPosterior(conversions: 0, impressions: 0)
        let uplift = try RelativeUplift(treatment: empty, baseline: empty)
        XCTAssertNil(uplift.observed)
        XCTAssertNil(uplift.upper)
        XCTAssertEqual(uplift.median, 0, accuracy: 1e-8)
        XCTAssert(uplift.lower.isFinite && uplift.lower > -1)
        XCTAssertEqual(uplift.chanceTreatmentIsBetter, 0.5, accuracy: 1e-9)
    }
}
