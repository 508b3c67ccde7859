import XCTest

@testable import Insight

/// Hand-checked values for the fallbacks and the smoothing recursions.
final class ForecastBaselineTests: XCTestCase {
    func testSeasonalNaiveOnAShortSeries() throws {
        // 14 points, season 7: fewer than three seasons, so the last week repeats.
        let y: [Double] = [10, 20, 30, 40, 50, 60, 70, 12, 22, 32, 42, 52, 62, 72]
        let r = try Forecaster.forecast(values: y, seasonLength: 7, horizon: 9)
        XCTAssertEqual(r.model, "seasonal-naive")
        XCTAssertEqual(r.points.map(\.value), [12, 22, 32, 42, 52, 62, 72, 12, 22])
        XCTAssertEqual(r.points.map(\.step), Array(1...9))
        XCTAssertEqual(r.peak?.value, 72)
        XCTAssertEqual(r.peak?.step, 7)
        for p in r.points {
            XCTAssertLessThanOrEqual(p.lower95, p.lower80)
            XCTAssertLessThanOrEqual(p.lower80, p.value)
            XCTAssertLessThanOrEqual(p.value, p.upper80)
            XCTAssertLessThanOrEqual(p.upper80, p.upper95)
            XCTAssertGreaterThanOrEqual(p.lower95, 0)
        }
    }

    func testMeanWhenShorterThanASeason() throws {
        let r = try Forecaster.forecast(values: [2, 4, 6], seasonLength: 7, horizon: 3)
        XCTAssertEqual(r.model, "mean")
        XCTAssertEqual(r.points.map(\.value), [4, 4, 4])
        XCTAssertNotNil(r.note)
    }

    func testConstantSeriesHasZeroWidthIntervals() throws {
        let r = try Forecaster.forecast(values: [Double](repeating: 5, count: 40), seasonLength: 7, horizon: 4)
        XCTAssertEqual(r.model, "mean")
        for p in r.points {
            XCTAssertEqual(p.value, 5)
            XCTAssertEqual(p.lower95, 5)
            XCTAssertEqual(p.upper95, 5)
        }
    }

    func testAllZerosForecastsZeros() throws {
        // Documented choice: a placement without scans yet forecasts zeros, with a note, not an error.
        let r = try Forecaster.forecast(values: [Double](repeating: 0, count: 30), seasonLength: 7, horizon: 14)
        XCTAssertEqual(r.model, "mean")
        XCTAssertTrue(r.points.allSatisfy { $0.value == 0 && $0.lower95 == 0 && $0.upper95 == 0 })
        XCTAssertEqual(r.note, "the series is all zeros: forecasting zeros")
    }

    func testSimpleExponentialSmoothingByHand() {
        // ets(A,N,N), α = 0.5, ℓ0 = 3 on 3,5,4,6,5,7:
        // forecasts 3,3,4,4,5,5 (errors 0,2,0,2,0,2), final level 6, SSE 12.
        let model = ExponentialSmoothingModel(
            trend: .none, season: .none, seasonLength: 1, parameters: .init(alpha: 0.5),
            initialState: .init(level: 3, trend: 0, season: [0], time: 0))
        let y: [Double] = [3, 5, 4, 6, 5, 7]
        var state = model.initialState
        var fitted: [Double] = []
        for v in y {
            fitted.append(model.predict(state))
            model.update(&state, observed: v)
        }
        XCTAssertEqual(fitted, [3, 3, 4, 4, 5, 5])
        XCTAssertEqual(state.level, 6)
        XCTAssertEqual(model.forecast(from: state, horizon: 3), [6, 6, 6])
        XCTAssertEqual(model.sumOfSquaredErrors(y), 12)
    }

    func testAdditiveHoltWintersAgainstPython() {
        // Values from a 10-line Python loop of the same recursion (α = 0.3, γ = 0.2, ℓ0 = 20,
        // s0 = −10, 0, 10): fitted 10, 20, 30, 10, 20.6, 31.02, 11.714, 22.2798, 32.71186, 13.759502;
        // SSE 21.784419987603986; forecasts 24.1984914, 34.0280794, 14.879751, 24.1984914.
        let model = ExponentialSmoothingModel(
            trend: .none, season: .additive, seasonLength: 3, parameters: .init(alpha: 0.3, gamma: 0.2),
            initialState: .init(level: 20, trend: 0, season: [-10, 0, 10], time: 0))
        let y: [Double] = [10, 20, 30, 12, 22, 32, 14, 24, 34, 16]
        var state = model.initialState
        var fitted: [Double] = []
        for v in y {
            fitted.append(model.predict(state))
            model.update(&state, observed: v)
        }
        let expected = [10, 20, 30, 10, 20.6, 31.02, 11.714, 22.2798, 32.71186, 13.759502]
        for (a, b) in zip(fitted, expected) { XCTAssertEqual(a, b, accuracy: 1e-9) }
        XCTAssertEqual(model.sumOfSquaredErrors(y), 21.784419987603986, accuracy: 1e-9)
        let f = model.forecast(from: state, horizon: 4)
        for (a, b) in zip(f, [24.1984914, 34.0280794, 14.879751, 24.1984914]) { XCTAssertEqual(a, b, accuracy: 1e-7) }
    }

    func testDampedTrendForecastSumsPowersOfPhi() {
        // ℓ = 100, b = 10, φ = 0.9: forecasts 100 + 10·(0.9), 100 + 10·(0.9 + 0.81), …
        let model = ExponentialSmoothingModel(
            trend: .damped, season: .none, seasonLength: 1, parameters: .init(alpha: 0.5, beta: 0.1, phi: 0.9),
            initialState: .init(level: 100, trend: 10, season: [0], time: 0))
        let f = model.forecast(from: model.initialState, horizon: 3)
        XCTAssertEqual(f[0], 109, accuracy: 1e-12)
        XCTAssertEqual(f[1], 117.1, accuracy: 1e-12)
        XCTAssertEqual(f[2], 124.39, accuracy: 1e-12)
    }

    func testNelderMeadFindsAQuadraticMinimum() {
        let r = ForecastNelderMead(maxEvaluations: 500, tolerance: 1e-12).minimize(start: [0, 0]) { x in
            (x[0] - 1.5) * (x[0] - 1.5) + 3 * (x[1] + 0.5) * (x[1] + 0.5)
        }
        XCTAssertEqual(r.x[0], 1.5, accuracy: 1e-3)
        XCTAssertEqual(r.x[1], -0.5, accuracy: 1e-3)
    }

    func testFitRecoversSmoothingOfASimulatedSeries() throws {
        // A local level with α = 0.3: the fitted α should land near it.
        var rng = ForecastTestRandom(seed: 7)
        var level = 100.0
        var y: [Double] = []
        for _ in 0..<1500 {
            let e = 5 * rng.gaussian()
            y.append(level + e)
            level += 0.3 * e
        }
        let fit = try XCTUnwrap(ExponentialSmoothingFitter.fit(y, trend: .none, season: .none, seasonLength: 1))
        XCTAssertEqual(fit.model.parameters.alpha, 0.3, accuracy: 0.08)
    }
}
