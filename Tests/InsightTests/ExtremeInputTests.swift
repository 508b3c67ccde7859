import XCTest

@testable import Insight

/// Nothing public returns NaN or ±∞, whatever the counts.
final class ExtremeInputTests: XCTestCase {
    private let counts: [(Int, Int)] = [
        (0, 0), (0, 1), (1, 1), (0, 1_000_000_000), (1, 1_000_000_000), (500_000_000, 1_000_000_000),
        (999_999_999, 1_000_000_000), (1_000_000_000, 1_000_000_000), (3, 7),
    ]

    func testPosteriorsChanceAndUplift() throws {
        let posteriors = try counts.map { try BetaPosterior(conversions: $0.0, impressions: $0.1) }
        for posterior in posteriors {
            let interval = try posterior.interval()
            XCTAssert(interval.lower.isFinite && interval.upper.isFinite && interval.lower <= interval.upper)
            XCTAssert(posterior.mean.isFinite)
        }
        let chance = ChanceToBeBest.beta(posteriors)
        XCTAssert(chance.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
        XCTAssertEqual(chance.reduce(0, +), 1, accuracy: 1e-12)
        for treatment in posteriors {
            for baseline in posteriors {
                let uplift = try RelativeUplift(treatment: treatment, baseline: baseline)
                let values =
                    [uplift.median, uplift.lower, uplift.chanceTreatmentIsBetter]
                    + [uplift.upper, uplift.observed].compactMap { $0 }
                XCTAssert(values.allSatisfy(\.isFinite), "\(treatment) vs \(baseline): \(uplift)")
                XCTAssert(uplift.lower <= uplift.median)
            }
        }
    }

    func testNormalChanceWithExtremeScales() throws {
        let estimates = try [
            NormalEstimate(mean: 0, standardError: 0), NormalEstimate(mean: 1e12, standardError: 1),
            NormalEstimate(mean: -1e12, standardError: 1e9), NormalEstimate(mean: 3, standardError: 1e-12),
        ]
        let chance = ChanceToBeBest.normal(estimates)
        XCTAssert(chance.allSatisfy(\.isFinite))
        XCTAssertEqual(chance[1], 1, accuracy: 1e-9)
    }

    func testSampleRatioWithZeros() throws {
        let cells = try [
            SampleRatioCell(observed: [0, 0, 0], expected: [0, 0, 0]),
            SampleRatioCell(observed: [10, 0, 0], expected: [0, 0, 10]),
            SampleRatioCell(
                observed: [1e9, 1e9, 0], expected: [1e9, 1e9, 0],
                probabilityProducts: [[1e9, 0, 0], [0, 1e9, 0], [0, 0, 0]]),
        ]
        for result in [try SampleRatioTest.perCell(cells), try SampleRatioTest.overall(cells)] {
            XCTAssert(result.statistic.isFinite)
            XCTAssert(result.pValue.map(\.isFinite) ?? true)
        }
    }
}
