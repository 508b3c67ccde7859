import XCTest

@testable import Insight

final class SampleRatioTestTests: XCTestCase {
    func testPearson() throws {
        // Σ(O−E)²/E = 400/500 + 900/500 + 100/1000 = 2.7; scipy.stats.chi2.sf(2.7, 2) = 0.2592402606458915.
        let cell = try SampleRatioCell(observed: [480, 530, 990], expected: [500, 500, 1000])
        let result = try SampleRatioTest.perCell([cell])
        XCTAssertEqual(result.statistic, 2.7, accuracy: 1e-12)
        XCTAssertEqual(result.degreesOfFreedom, 2)
        XCTAssertEqual(try XCTUnwrap(result.pValue), 0.2592402606458915, accuracy: 1e-12)
        XCTAssertFalse(result.flagged)
        XCTAssertEqual(result.method, .pearson)
    }

    func testAdaptiveCovariance() throws {
        // V = diag(E) − M on the first two categories; (O−E)ᵀV⁻¹(O−E) = 3.125 by numpy.linalg.solve,
        // chi2.sf(3.125, 2) = 0.2096113871510978.
        let products: [[Double]] = [[130, 60, 60], [60, 140, 50], [60, 50, 600]]
        let cell = try SampleRatioCell(
            observed: [480, 530, 990], expected: [500, 500, 1000], probabilityProducts: products)
        let result = try SampleRatioTest.perCell([cell])
        XCTAssertEqual(result.statistic, 3.125, accuracy: 1e-10)
        XCTAssertEqual(try XCTUnwrap(result.pValue), 0.2096113871510978, accuracy: 1e-10)
        XCTAssertEqual(result.method, .adaptiveCovariance)
    }

    func testFlagAndPooling() throws {
        // A clear mismatch: 900 vs 1100 expected 1000 each → χ² = 2·100²/1000 = 20, p = e⁻¹⁰ ≈ 4.5e-5.
        let bad = try SampleRatioCell(observed: [900, 1100], expected: [1000, 1000])
        // Two tiny cells (expected < 5) are pooled into one: [3+2, 1+4] vs [2+3, 2+3] → χ² = 0.
        let tinyA = try SampleRatioCell(observed: [3, 1], expected: [2, 2])
        let tinyB = try SampleRatioCell(observed: [2, 4], expected: [3, 3])
        let result = try SampleRatioTest.perCell([bad, tinyA, tinyB])
        XCTAssertEqual(result.statistic, 20, accuracy: 1e-9)
        XCTAssertEqual(result.degreesOfFreedom, 2)
        XCTAssertEqual(result.pooledCells, 2)
        XCTAssert(result.flagged)
        // Overall: [905, 1105] vs [1005, 1005] → 2·100²/1005.
        let overall = try SampleRatioTest.overall([bad, tinyA, tinyB])
        XCTAssertEqual(overall.statistic, 20_000.0 / 1005, accuracy: 1e-9)
        XCTAssertEqual(overall.degreesOfFreedom, 1)
    }

    func testCombinedTakesTheStrongerTestAtHalfTheThreshold() throws {
        // Two cells whose mismatches cancel: each cell is off (χ² = 20 per cell, p ≈ 7.7e-9 on 2 df
        // summed: 40 → e⁻²⁰), the sum is not, so the per-cell statistic decides.
        let up = try SampleRatioCell(observed: [900, 1100], expected: [1000, 1000])
        let down = try SampleRatioCell(observed: [1100, 900], expected: [1000, 1000])
        let cancelling = try SampleRatioTest.combined([up, down])
        let cellwise = try SampleRatioTest.perCell([up, down])
        XCTAssertEqual(cancelling.statistic, cellwise.statistic, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(cancelling.pValue), 2 * (try XCTUnwrap(cellwise.pValue)), accuracy: 1e-15)
        XCTAssert(cancelling.flagged)
        // A small loss in every cell: the overall test is stronger. χ² overall = 2·60²/2000 = 3.6
        // on 1 df, doubled p = 2 · chi2.sf(3.6, 1) = 0.11576…, not flagged.
        let a = try SampleRatioCell(observed: [970, 1030], expected: [1000, 1000])
        let b = try SampleRatioCell(observed: [970, 1030], expected: [1000, 1000])
        let together = try SampleRatioTest.combined([a, b])
        XCTAssertEqual(together.statistic, 3.6, accuracy: 1e-9)
        XCTAssertEqual(together.degreesOfFreedom, 1)
        XCTAssertEqual(try XCTUnwrap(together.pValue), 2 * 0.05777957112359715, accuracy: 1e-12)
        XCTAssertFalse(together.flagged)
        // No cells: nothing to test.
        XCTAssertNil(try SampleRatioTest.combined([]).pValue)
    }

    func testSmallVariantsMergeAndEmptyInput() throws {
        // The third variant expects 2 (< 5): merged into the smallest other category (the first on
        // a tie), leaving [50+2, 48] vs [49+2, 49] → 1/51 + 1/49.
        let cell = try SampleRatioCell(observed: [50, 48, 2], expected: [49, 49, 2])
        let result = try SampleRatioTest.perCell([cell])
        XCTAssertEqual(result.degreesOfFreedom, 1)
        XCTAssertEqual(result.statistic, 1.0 / 49 + 1.0 / 51, accuracy: 1e-12)

        let empty = try SampleRatioTest.perCell([])
        XCTAssertNil(empty.pValue)
        XCTAssertFalse(empty.flagged)
        let single = try SampleRatioTest.overall([try SampleRatioCell(observed: [10], expected: [10])])
        XCTAssertNil(single.pValue)
        XCTAssertEqual(single.degreesOfFreedom, 0)
        XCTAssertThrowsError(try SampleRatioCell(observed: [1, 2], expected: [1]))
        XCTAssertThrowsError(try SampleRatioCell(observed: [1, .nan], expected: [1, 1]))
    }
}
