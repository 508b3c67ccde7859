import XCTest

@testable import Insight

final class AnomalyDetectorTests: XCTestCase {
    let start = ForecastTestDates.start
    let utc = ForecastTestDates.utc

    func testInjectedDropIsFoundWithItsStartAndEnd() throws {
        var rng = ForecastTestRandom(seed: 11)
        var y = rng.hourly(days: 35)
        // An 80% drop from day 30, 10:00 for 24 hours.
        let at = 30 * 24 + 10
        for t in at..<(at + 24) { y[t] = (y[t] * 0.2).rounded() }
        var o = AnomalyDetectorOptions.preset(for: .hourly)
        o.scanFrom = 28 * 24
        let report = try AnomalyDetector(options: o).detect(values: y, frequency: .hourly, start: start, timeZone: utc)
        let a = report.anomalies
        XCTAssertEqual(a.count, 1, "\(a.map(\.summary))")
        let drop = try XCTUnwrap(a.first)
        XCTAssertEqual(drop.kind, .drop)
        XCTAssertEqual(Double(drop.startIndex), Double(at), accuracy: 1)
        XCTAssertEqual(Double(try XCTUnwrap(drop.endIndex)), Double(at + 24), accuracy: 2)
        XCTAssertLessThanOrEqual(drop.alertIndex - at, 3)
        XCTAssertEqual(drop.actual / drop.expected, 0.2, accuracy: 0.08)
        // Day 30 after Thu 1 Jan 2026 is Sat 31 Jan.
        XCTAssertTrue(drop.summary.hasPrefix("scans 8"), drop.summary)
        XCTAssertTrue(
            drop.summary.contains("below forecast from Sat 10:00 to Sun 10:00")
                || drop.summary.contains("below forecast from Sat 1"), drop.summary)
    }

    func testOngoingDropHasNoEndAndSaysSince() throws {
        var rng = ForecastTestRandom(seed: 12)
        var y = rng.hourly(days: 30)
        let at = y.count - 10
        for t in at..<y.count { y[t] = (y[t] * 0.08).rounded() }
        let report = try AnomalyDetector(frequency: .hourly).detect(
            values: y, frequency: .hourly, start: start, timeZone: utc)
        let drop = try XCTUnwrap(report.anomalies.last)
        XCTAssertNil(drop.endIndex)
        XCTAssertNil(drop.end)
        XCTAssertTrue(drop.isOngoing)
        XCTAssertTrue(drop.summary.contains("below forecast since "), drop.summary)
        XCTAssertEqual(report.message, "1 anomaly, 1 ongoing")
    }

    func testDropToZeroIsDetectedWithinThreeHours() throws {
        var rng = ForecastTestRandom(seed: 13)
        var y = rng.hourly(days: 28)
        let at = 26 * 24 + 9  // a morning hour
        for t in at..<(at + 12) { y[t] = 0 }
        var o = AnomalyDetectorOptions.preset(for: .hourly)
        o.scanFrom = 25 * 24
        let a = try AnomalyDetector(options: o).detect(values: y, frequency: .hourly, start: start, timeZone: utc)
            .anomalies
        let zero = try XCTUnwrap(a.first { $0.kind == .zero })
        XCTAssertEqual(zero.startIndex, at)
        XCTAssertLessThan(zero.alertIndex - at, 3)
        XCTAssertEqual(zero.actual, 0)
        XCTAssertTrue(zero.summary.hasPrefix("no scans from"), zero.summary)
    }

    func testNoAlarmOnCleanData() throws {
        for seed in [21, 22, 23] as [UInt64] {
            var rng = ForecastTestRandom(seed: seed)
            let y = rng.hourly(days: 60)
            var o = AnomalyDetectorOptions.preset(for: .hourly)
            o.scanFrom = 14 * 24
            let report = try AnomalyDetector(options: o).detect(
                values: y, frequency: .hourly, start: start, timeZone: utc)
            XCTAssertEqual(report.anomalies, [], "seed \(seed): \(report.anomalies.map(\.summary))")
            XCTAssertEqual(report.message, "no anomalies")
        }
        var rng = ForecastTestRandom(seed: 24)
        let daily = rng.daily(days: 200)
        var o = AnomalyDetectorOptions.preset(for: .daily)
        o.scanFrom = 14
        XCTAssertEqual(
            try AnomalyDetector(options: o).detect(values: daily, frequency: .daily, start: start).anomalies, [])
    }

    func testStillLearningBeforeFourteenDays() throws {
        var rng = ForecastTestRandom(seed: 31)
        let y = rng.hourly(days: 10)
        let r = try AnomalyDetector(frequency: .hourly).detect(values: y, frequency: .hourly, start: start)
        XCTAssertEqual(r, .stillLearning(daysOfHistory: 10, daysNeeded: 14))
        XCTAssertEqual(r.message, "still learning (10 of 14 days)")
        XCTAssertTrue(r.isLearning)
        let d = try AnomalyDetector(frequency: .daily).detect(
            values: [Double](repeating: 4, count: 13), frequency: .daily, start: start)
        XCTAssertEqual(d.message, "still learning (13 of 14 days)")
        let ok = try AnomalyDetector(frequency: .daily).detect(
            values: rng.daily(days: 14), frequency: .daily, start: start)
        XCTAssertFalse(ok.isLearning)
    }

    func testOneDayFortyPercentDropInANoisyWeeklySeriesIsFlagged() throws {
        // 15% day-to-day noise beyond Poisson: a 40% drop is under three raw standard deviations
        // (0.4 / 0.15), but clear on the stabilised, log-like scale (ln 0.6 / 0.15 = −3.4).
        for (seed, at) in [(61, 116), (62, 119)] as [(UInt64, Int)] {  // mid-window, and the last day
            var rng = ForecastTestRandom(seed: seed)
            var y = rng.daily(days: 120, level: 800, noise: 0.15)
            let before = y[at]
            y[at] = (y[at] * 0.6).rounded()
            var o = AnomalyDetectorOptions.preset(for: .daily)
            o.scanFrom = 113
            let a = try AnomalyDetector(options: o).detect(values: y, frequency: .daily, start: start, timeZone: utc)
                .anomalies
            XCTAssertEqual(a.count, 1, "seed \(seed): \(a.map(\.summary))")
            let drop = try XCTUnwrap(a.first)
            XCTAssertEqual(drop.kind, .drop)
            XCTAssertEqual(drop.startIndex, at)
            XCTAssertEqual(drop.alertIndex, at)
            XCTAssertEqual(drop.endIndex, at == 119 ? nil : at + 1)
            XCTAssertEqual(drop.actual, y[at])
            // The forecast is made without the day: close to what the day would have been.
            XCTAssertEqual(drop.expected, before, accuracy: 0.2 * before)
            XCTAssertEqual(drop.actual / drop.expected, 0.6, accuracy: 0.12)
        }
    }

    func testSpikeIsReported() throws {
        var rng = ForecastTestRandom(seed: 41)
        var y = rng.daily(days: 60)
        y[55] *= 3
        var o = AnomalyDetectorOptions.preset(for: .daily)
        o.scanFrom = 50
        let a = try AnomalyDetector(options: o).detect(values: y, frequency: .daily, start: start, timeZone: utc)
            .anomalies
        let spike = try XCTUnwrap(a.first)
        XCTAssertEqual(spike.kind, .spike)
        XCTAssertEqual(spike.startIndex, 55)
        XCTAssertEqual(spike.endIndex, 56)
        XCTAssertTrue(spike.summary.contains("above forecast from Wed 25 Feb to Thu 26 Feb"), spike.summary)
    }

    func testRateCollapseOnOneVariant() throws {
        var rng = ForecastTestRandom(seed: 51)
        let traffic = rng.hourly(days: 21, dailyLevel: 6000)
        var variants: [AnomalyVariantSeries] = []
        let at = 19 * 24 + 12  // noon: the hours before it carry information
        for (name, rate) in [("A", 0.05), ("B", 0.04)] {
            var imp: [Double] = [], conv: [Double] = []
            for (t, n) in traffic.enumerated() {
                let i = (n / 2).rounded()
                imp.append(i)
                let p = name == "B" && t >= at && t < at + 20 ? 0 : rate
                conv.append(min(i, rng.poisson(i * p)))
            }
            variants.append(.init(variant: name, impressions: imp, conversions: conv))
        }
        var o = AnomalyDetectorOptions.preset(for: .hourly)
        o.scanFrom = 18 * 24
        let r = try AnomalyDetector(options: o).detectRateCollapse(
            variants: variants, frequency: .hourly, start: start, timeZone: utc)
        XCTAssertEqual(r.anomalies.count, 1, "\(r.anomalies.map(\.summary))")
        let c = try XCTUnwrap(r.anomalies.first)
        XCTAssertEqual(c.kind, .rateCollapse)
        XCTAssertEqual(c.variant, "B")
        XCTAssertEqual(Double(c.startIndex), Double(at), accuracy: 3)
        XCTAssertEqual(Double(try XCTUnwrap(c.endIndex)), Double(at + 20), accuracy: 4)
        XCTAssertEqual(c.expected, 0.04, accuracy: 0.005)
        XCTAssertTrue(c.summary.hasPrefix("conversion rate of variant B"), c.summary)
    }
}
