import XCTest

@testable import Insight

/// The noise model's variance-stabilised scale, on which anomalies are scored.
final class AnomalyNoiseScaleTests: XCTestCase {
    func testStabilisedScaleIsTheNegativeBinomialTransform() {
        let scale = AnomalyNoiseScale(k: 0.04, c: 1, stabilisedSD: 2)
        // 2·asinh(√(0.04 · 100.375)) / √0.04 = 10 · asinh(2.00375) = 14.4531
        XCTAssertEqual(scale.stabilised(100), 14.4531, accuracy: 1e-4)
        XCTAssertEqual(scale.score(100, forecast: 100), 0)
        XCTAssertEqual(scale.score(0, forecast: 100), (scale.stabilised(0) - 14.4531) / 2, accuracy: 1e-4)
        // With k = 0 it is Anscombe's 2√(y + 3/8): 2√100.375 = 20.0375.
        XCTAssertEqual(AnomalyNoiseScale(k: 0, c: 1, stabilisedSD: 1).stabilised(100), 20.0375, accuracy: 1e-4)
    }

    func testProportionalNoiseScoresDropsAndSpikesOfTheSameRatioAlike() {
        // At high counts the transform is logarithmic: 40% below is as far as 1/0.6 above.
        let scale = AnomalyNoiseScale(k: 0.04, c: 1, stabilisedSD: 1)
        let below = scale.score(6_000, forecast: 10_000)
        let above = scale.score(10_000 / 0.6, forecast: 10_000)
        XCTAssertEqual(-below, above, accuracy: 0.01 * above)
    }

    func testCalibrationMakesTheRobustSpreadOne() {
        // Errors of ±10 around forecasts of 100: every raw |z| is 10 / √(100 + 10⁴k), so k solves
        // 1.4826 · 10 / √(100 + 10⁴k) = 1, k = (1.4826² · 100 − 100) / 10⁴ = 0.01198, with c = 1.
        // On the stabilised scale half the distances are g(110) − g(100) = 0.648 and half
        // g(100) − g(90) = 0.700: the median is their mean.
        let forecasts = [Double](repeating: 100, count: 40)
        let observed = (0..<40).map { $0 % 2 == 0 ? 110.0 : 90.0 }
        let scale = AnomalyNoiseScale.calibrate(observed: observed, references: forecasts, means: forecasts)
        XCTAssertEqual(scale.k, (1.4826 * 1.4826 * 100 - 100) / 10_000, accuracy: 1e-5)
        XCTAssertEqual(scale.c, 1, accuracy: 1e-5)
        let up = scale.stabilised(110) - scale.stabilised(100)
        let down = scale.stabilised(100) - scale.stabilised(90)
        XCTAssertEqual(scale.stabilisedSD, 1.4826 * 0.5 * (up + down), accuracy: 1e-9)
    }

    func testARegularHistoryFallsBackToPoissonSpread() {
        let flat = [Double](repeating: 50, count: 20)
        let scale = AnomalyNoiseScale.calibrate(observed: flat, references: flat, means: flat)
        XCTAssertEqual(scale.k, 0)
        XCTAssertEqual(scale.stabilisedSD, 1)
    }
}
