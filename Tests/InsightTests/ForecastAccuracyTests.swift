import XCTest

@testable import Insight

/// Statistical behaviour on synthetic series: model choice, honest intervals, robustness.
final class ForecastAccuracyTests: XCTestCase {
    func testWeeklySeriesGetsASeasonalETSModel() throws {
        var rng = ForecastTestRandom(seed: 1)
        let y = rng.daily(days: 120)
        let r = try Forecaster.forecast(values: y, seasonLength: 7, horizon: 14)
        XCTAssertTrue(r.model.hasPrefix("ets(A,"), r.model)
        XCTAssertEqual(r.points.count, 14)
        // The forecast follows the weekly pattern: step k's weekday is (120 + k − 1) % 7.
        let fri = r.points.first { (120 + $0.step - 1) % 7 == 4 }
        let sat = r.points.first { (120 + $0.step - 1) % 7 == 5 }
        XCTAssertGreaterThan(try XCTUnwrap(fri).value, try XCTUnwrap(sat).value * 1.3)
    }

    func testIntervalsCoverNominalShareOnALongSeries() throws {
        // Rolling origins every 10 days over the last 600 of 1,000 days; 14 steps each.
        var rng = ForecastTestRandom(seed: 2)
        let y = rng.daily(days: 1000, level: 200)
        var in80 = 0, in95 = 0, total = 0
        var origin = 400
        while origin + 14 <= y.count {
            let r = try Forecaster.forecast(values: Array(y[0..<origin]), seasonLength: 7, horizon: 14)
            for p in r.points {
                let a = y[origin + p.step - 1]
                if a >= p.lower80 && a <= p.upper80 { in80 += 1 }
                if a >= p.lower95 && a <= p.upper95 { in95 += 1 }
                total += 1
            }
            origin += 10
        }
        let c80 = Double(in80) / Double(total), c95 = Double(in95) / Double(total)
        XCTAssertEqual(c80, 0.80, accuracy: 0.06, "80% coverage \(c80)")
        XCTAssertEqual(c95, 0.95, accuracy: 0.04, "95% coverage \(c95)")
    }

    func testOutliersDoNotWreckTheFit() throws {
        var rng = ForecastTestRandom(seed: 3)
        let clean = rng.daily(days: 140)
        var dirty = clean
        // A promotion (×8) and a holiday (×0.1) in the last three weeks, and an old glitch.
        dirty[130] *= 8
        dirty[124] = (dirty[124] * 0.1).rounded()
        dirty[60] *= 10
        let a = try Forecaster.forecast(values: clean, seasonLength: 7, horizon: 14)
        let b = try Forecaster.forecast(values: dirty, seasonLength: 7, horizon: 14)
        XCTAssertTrue(Set(b.cleanedOutliers).isSuperset(of: [60, 124, 130]), "\(b.cleanedOutliers)")
        for (p, q) in zip(a.points, b.points) {
            XCTAssertEqual(q.value, p.value, accuracy: 0.08 * p.value, "step \(p.step)")
        }
        var noCleaning = ForecastOptions()
        noCleaning.cleanOutliers = false
        let c = try Forecaster.forecast(values: dirty, seasonLength: 7, horizon: 14, options: noCleaning)
        let errCleaned = zip(a.points, b.points).map { abs($0.value - $1.value) }.reduce(0, +)
        let errRaw = zip(a.points, c.points).map { abs($0.value - $1.value) }.reduce(0, +)
        XCTAssertLessThan(errCleaned, errRaw)
    }

    func testCleanerReplacesASpikeWithTheSeasonalMedian() {
        var y = [Double]()
        for w in 0..<8 { y += [10, 12, 14, 16, 18, 8, 6].map { $0 + Double(w % 2) } }
        y[30] = 200
        let r = RobustSeasonalCleaner(seasonLength: 7).clean(y)
        XCTAssertEqual(r.outliers, [30])
        XCTAssertEqual(r.values[30], 14.5, accuracy: 0.51)
    }

    func testCountsNeverGoNegativeAndNoNaN() throws {
        // A collapsing low-count series tempts an additive model below zero.
        var y = [Double](repeating: 3, count: 60)
        for i in 0..<60 { y[i] = Double([3, 4, 2, 5, 1, 0, 0][i % 7]) * (i < 45 ? 1 : 0.3) }
        let r = try Forecaster.forecast(values: y, seasonLength: 7, horizon: 30)
        for p in r.points {
            for v in [p.value, p.lower80, p.upper80, p.lower95, p.upper95] {
                XCTAssertTrue(v.isFinite)
                XCTAssertGreaterThanOrEqual(v, 0)
            }
        }
    }

    func testHourlySeriesWithDailySeason() throws {
        var rng = ForecastTestRandom(seed: 4)
        let y = rng.hourly(days: 21)
        let r = try Forecaster.forecast(values: y, seasonLength: 24, horizon: 48)
        XCTAssertEqual(r.points.count, 48)
        // The peak hour (14:00) is forecast above the small hours.
        XCTAssertGreaterThan(r.points[14].value, 3 * r.points[3].value)
        let peakHour = ((r.peak?.step ?? 0) - 1) % 24
        XCTAssertEqual(Double(peakHour), 14, accuracy: 2)
    }
}
