import XCTest

@testable import Insight

/// Reference values: scipy.integrate.quad of beta.pdf·Π beta.cdf with tolerance 1e-12 and, for two
/// variants, Evan Miller's closed-form sum for integer parameters (scripts/reference_values.py).
final class ChanceToBeBestTests: XCTestCase {
    private func posteriors(_ parameters: [(Double, Double)]) throws -> [BetaPosterior] {
        try parameters.map { try BetaPosterior(successes: $0.0 - 1, failures: $0.1 - 1) }
    }

    func testTwoVariantsAgainstClosedForm() throws {
        // Beta(11, 91) vs Beta(15, 87); closed form P(B > A) = 0.8034168744483207.
        let chance = ChanceToBeBest.beta(try posteriors([(11, 91), (15, 87)]))
        XCTAssertEqual(chance[1], 0.8034168744483207, accuracy: 1e-10)
        XCTAssertEqual(chance[0], 0.19658312555160684, accuracy: 1e-10)
    }

    func testWideAndNarrowPosteriors() throws {
        let cases: [([(Double, Double)], [Double])] = [
            ([(1, 1), (3, 9), (5, 5)], [0.4903250773993707, 0.041408668730640315, 0.468266253869959]),
            ([(5001, 495001), (5101, 494901)], [0.15864279188897315, 0.8413572081110077]),
            (
                [(201, 9801), (221, 9781), (181, 9821), (1, 1)],
                [0.0034380946175531094, 0.01857410596086968, 0.00026573583343300747, 0.9777220635881329]
            ),
        ]
        for (parameters, expected) in cases {
            let chance = ChanceToBeBest.beta(try posteriors(parameters))
            for (value, reference) in zip(chance, expected) { XCTAssertEqual(value, reference, accuracy: 1e-9) }
            let raw = ChanceToBeBest.unnormalisedBeta(try posteriors(parameters)).reduce(0, +)
            XCTAssertEqual(raw, 1, accuracy: 1e-9, "integration error before normalisation")
        }
    }

    func testEdgeCases() throws {
        XCTAssertEqual(ChanceToBeBest.beta([]), [])
        XCTAssertEqual(ChanceToBeBest.beta([try BetaPosterior(conversions: 3, impressions: 10)]), [1])
        let same = try BetaPosterior(conversions: 30, impressions: 1000)
        XCTAssertEqual(ChanceToBeBest.beta([same, same, same]), [1.0 / 3, 1.0 / 3, 1.0 / 3])
        let empty = try BetaPosterior(conversions: 0, impressions: 0)
        XCTAssertEqual(ChanceToBeBest.beta([empty, empty]), [0.5, 0.5])
        let mixed = ChanceToBeBest.beta([empty, try BetaPosterior(conversions: 0, impressions: 100_000)])
        XCTAssertEqual(mixed.reduce(0, +), 1, accuracy: 1e-12)
        XCTAssert(mixed.allSatisfy(\.isFinite))
        XCTAssertEqual(mixed[0], 1, accuracy: 1e-4)
    }

    func testNormalApproximation() throws {
        // Two normals: P(2 best) = Φ((0.6 − 0.5)/√(0.1² + 0.2²)) = 0.6726395769907114 (scipy).
        let chance = ChanceToBeBest.normal([
            try NormalEstimate(mean: 0.5, standardError: 0.1), try NormalEstimate(mean: 0.6, standardError: 0.2),
        ])
        XCTAssertEqual(chance[1], 0.6726395769907114, accuracy: 1e-10)
        let point = ChanceToBeBest.normal([
            try NormalEstimate(mean: 1, standardError: 0), try NormalEstimate(mean: 1, standardError: 0),
        ])
        XCTAssertEqual(point, [0.5, 0.5])
        XCTAssertNil(NormalEstimate(count: 1, sum: 3, sumOfSquares: 9))
        XCTAssertThrowsError(try NormalEstimate(mean: .infinity, standardError: 1))
    }
}
