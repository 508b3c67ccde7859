import XCTest

@testable import Insight

/// Every bad input gets its own typed error with a message; never a crash or a NaN.
final class ForecastBadInputTests: XCTestCase {
    /// (Closures infer `any Error`; the APIs themselves are `throws(ForecastError)`, so the cast
    /// below cannot fail for them.)
    func expectError(
        _ expected: ForecastError, _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            try body()
            XCTFail("no error, expected \(expected)", file: file, line: line)
        } catch let error as ForecastError {
            XCTAssertEqual(error, expected, file: file, line: line)
            XCTAssertFalse(error.message.isEmpty)
        } catch {
            XCTFail("untyped error \(error)", file: file, line: line)
        }
    }

    func testEmptySeries() {
        expectError(.emptySeries) { _ = try Forecaster.forecast(values: [], seasonLength: 7, horizon: 14) }
        expectError(.emptySeries) {
            _ = try AnomalyDetector(frequency: .daily).detect(values: [], frequency: .daily, start: Date())
        }
        expectError(.emptySeries) { _ = try ForecastSeriesBuilder.build([], frequency: .daily) }
    }

    func testNegativeAndNonFiniteValues() {
        expectError(.negativeValue(index: 2, value: -1)) {
            _ = try Forecaster.forecast(values: [1, 2, -1, 3], seasonLength: 1, horizon: 1)
        }
        expectError(.nonFiniteValue(index: 1)) {
            _ = try Forecaster.forecast(values: [1, .nan, 3], seasonLength: 1, horizon: 1)
        }
        expectError(.nonFiniteValue(index: 0)) {
            _ = try Forecaster.forecast(values: [.infinity], seasonLength: 1, horizon: 1)
        }
        expectError(.negativeValue(index: 0, value: -5)) {
            _ = try AnomalyDetector(frequency: .daily).detect(
                values: [-5] + [Double](repeating: 1, count: 20), frequency: .daily, start: Date())
        }
        XCTAssertEqual(
            ForecastError.negativeValue(index: 2, value: -1).message,
            "value -1.0 at position 2 is negative; counts must be 0 or more")
    }

    func testHorizonBounds() {
        let y = [Double](repeating: 3, count: 30)
        expectError(.invalidHorizon(0, maximum: 366)) {
            _ = try Forecaster.forecast(values: y, seasonLength: 7, horizon: 0)
        }
        expectError(.invalidHorizon(10_000, maximum: 366)) {
            _ = try Forecaster.forecast(values: y, seasonLength: 7, horizon: 10_000)
        }
        expectError(.invalidHorizon(-3, maximum: 366)) {
            _ = try Forecaster.forecast(values: y, seasonLength: 7, horizon: -3)
        }
        XCTAssertNoThrow(try Forecaster.forecast(values: y, seasonLength: 7, horizon: 366))
        expectError(.invalidSeasonLength(0, maximum: 744)) {
            _ = try Forecaster.forecast(values: y, seasonLength: 0, horizon: 1)
        }
    }

    func testTooManyPointsIsRefusedQuickly() {
        let huge = [Double](repeating: 1, count: 100_001)
        let t0 = Date()
        expectError(.tooManyPoints(count: 100_001, maximum: 100_000)) {
            _ = try Forecaster.forecast(values: huge, seasonLength: 24, horizon: 24)
        }
        expectError(.tooManyPoints(count: 100_001, maximum: 100_000)) {
            _ = try AnomalyDetector(frequency: .hourly).detect(values: huge, frequency: .hourly, start: Date())
        }
        XCTAssertLessThan(Date().timeIntervalSince(t0), 0.5)
    }

    func testMaximumPointsIsAnswered() throws {
        // 100,000 hourly points are accepted; the fit uses the most recent fitPoints(seasonLength:).
        var rng = ForecastTestRandom(seed: 9)
        let y = rng.hourly(days: 100_000 / 24 + 1).prefix(100_000).map { $0 }
        let r = try Forecaster.forecast(values: y, seasonLength: 24, horizon: 48)
        XCTAssertEqual(r.fittedPoints, ForecastLimits.fitPoints(seasonLength: 24))
        XCTAssertTrue(r.points.allSatisfy { $0.value.isFinite && $0.upper95.isFinite })
        XCTAssertFalse(
            try AnomalyDetector(frequency: .hourly).detect(values: y, frequency: .hourly, start: Date()).isLearning)
    }

    func testRateCollapseInputChecks() {
        let d = AnomalyDetector(frequency: .hourly)
        expectError(.emptySeries) { _ = try d.detectRateCollapse(variants: [], frequency: .hourly, start: Date()) }
        expectError(.mismatchedLengths("variant A: 3 impressions vs 2 conversions")) {
            _ = try d.detectRateCollapse(
                variants: [.init(variant: "A", impressions: [1, 2, 3], conversions: [0, 0])], frequency: .hourly,
                start: Date())
        }
        expectError(.conversionsExceedImpressions(variant: "A", index: 1)) {
            _ = try d.detectRateCollapse(
                variants: [.init(variant: "A", impressions: [1, 2], conversions: [0, 3])], frequency: .hourly,
                start: Date())
        }
    }
}
