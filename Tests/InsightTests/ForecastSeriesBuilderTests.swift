import XCTest

@testable import Insight

final class ForecastSeriesBuilderTests: XCTestCase {
    let utc = ForecastTestDates.utc
    func day(_ s: String) -> Date {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate]
        return f.date(from: s) ?? Date.distantPast
    }

    func testSortsAndFloorsToTheDay() throws {
        let obs = [
            ForecastObservation(date: day("2026-10-03"), value: 3),
            ForecastObservation(date: day("2026-10-01").addingTimeInterval(8 * 3600), value: 1),
            ForecastObservation(date: day("2026-10-02"), value: 2),
        ]
        let s = try ForecastSeriesBuilder.build(obs, frequency: .daily, timeZone: utc)
        XCTAssertEqual(s.values, [1, 2, 3])
        XCTAssertEqual(s.start, day("2026-10-01"))
        XCTAssertEqual(s.date(at: 2), day("2026-10-03"))
        XCTAssertEqual(s.filledGaps, 0)
    }

    func testSeriesEntryPointsAndStepDates() throws {
        var rng = ForecastTestRandom(seed: 61)
        let values = rng.daily(days: 40)
        let obs = values.enumerated().map {
            ForecastObservation(
                date: day("2026-10-01").addingTimeInterval(Double($0.offset) * 86_400), value: $0.element)
        }
        let s = try ForecastSeriesBuilder.build(obs.reversed(), frequency: .daily, timeZone: utc)
        let r = try Forecaster.forecast(series: s, horizon: 3)
        XCTAssertEqual(r.points.count, 3)
        XCTAssertEqual(s.date(ofStep: 1), day("2026-11-10"))
        XCTAssertEqual(s.date(ofStep: 3), day("2026-11-12"))
        XCTAssertEqual(try AnomalyDetector(frequency: .daily).detect(series: s).anomalies, [])
    }

    func testDuplicateDateIsRefusedWithTheDate() {
        let obs = [
            ForecastObservation(date: day("2026-10-01"), value: 1),
            ForecastObservation(date: day("2026-10-01").addingTimeInterval(60), value: 2),
        ]
        XCTAssertThrowsError(try ForecastSeriesBuilder.build(obs, frequency: .daily, timeZone: utc)) { e in
            XCTAssertEqual(e as? ForecastError, .duplicateDate(day("2026-10-01")))
            XCTAssertEqual(
                (e as? ForecastError)?.message,
                "two points share the date 2026-10-01T00:00:00Z; send one value per step")
        }
    }

    func testGapsAreFilledWithZeroOrRefused() throws {
        let obs = [
            ForecastObservation(date: day("2026-10-01"), value: 5),
            ForecastObservation(date: day("2026-10-04"), value: 7),
        ]
        let s = try ForecastSeriesBuilder.build(obs, frequency: .daily, timeZone: utc)
        XCTAssertEqual(s.values, [5, 0, 0, 7])
        XCTAssertEqual(s.filledGaps, 2)
        XCTAssertThrowsError(try ForecastSeriesBuilder.build(obs, frequency: .daily, timeZone: utc, gapPolicy: .reject))
        { e in
            XCTAssertEqual(e as? ForecastError, .gap(after: day("2026-10-01"), missing: 2))
        }
    }

    func testHourlyAndBadValues() throws {
        let t0 = day("2026-10-01")
        let obs = [
            ForecastObservation(date: t0.addingTimeInterval(2 * 3600 + 59), value: 2),
            ForecastObservation(date: t0, value: 1),
        ]
        let s = try ForecastSeriesBuilder.build(obs, frequency: .hourly, timeZone: utc)
        XCTAssertEqual(s.values, [1, 0, 2])
        XCTAssertThrowsError(try ForecastSeriesBuilder.build([.init(date: t0, value: -1)], frequency: .hourly)) { e in
            XCTAssertEqual(e as? ForecastError, .negativeValue(index: 0, value: -1))
        }
        XCTAssertThrowsError(try ForecastSeriesBuilder.build([.init(date: t0, value: .nan)], frequency: .hourly)) { e in
            XCTAssertEqual(e as? ForecastError, .nonFiniteValue(index: 0))
        }
        // A gap that would exceed the point limit is refused, not allocated.
        let far = [
            ForecastObservation(date: t0, value: 1),
            ForecastObservation(date: t0.addingTimeInterval(200_000 * 3600), value: 1),
        ]
        XCTAssertThrowsError(try ForecastSeriesBuilder.build(far, frequency: .hourly)) { e in
            XCTAssertEqual(e as? ForecastError, .tooManyPoints(count: 200_001, maximum: 100_000))
        }
    }

    func testDaylightSavingDaysStepByCalendarDay() throws {
        let tz = TimeZone(identifier: "Europe/Berlin") ?? utc
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = tz
        let d1 = try XCTUnwrap(cal.date(from: DateComponents(year: 2026, month: 10, day: 24)))
        let d3 = try XCTUnwrap(cal.date(from: DateComponents(year: 2026, month: 10, day: 26)))
        let s = try ForecastSeriesBuilder.build(
            [.init(date: d1, value: 1), .init(date: d3, value: 3)], frequency: .daily, timeZone: tz)
        XCTAssertEqual(s.values, [1, 0, 3])
        XCTAssertEqual(s.date(at: 2), d3)
    }
}
