import XCTest

@testable import Insight

/// Hourly forecasts with a week-long season: weekends unlike weekdays in level and in shape.
final class WeeklyHourlyForecastTests: XCTestCase {
    /// Weekdays: 2,400 scans peaking at 14:00; weekends: 1,200 peaking at 20:00. Day 0 is
    /// Thursday 1 Jan 2026, so days 2, 3, 9, 10, … are Saturdays and Sundays.
    static func shape(peak: Double) -> [Double] {
        let raw = (0..<24).map { h in 0.05 + exp(-pow(Double(h) - peak, 2) / 8) }
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }
    static let weekday = shape(peak: 14), weekend = shape(peak: 20)

    static func isWeekend(_ day: Int) -> Bool { day % 7 == 2 || day % 7 == 3 }

    static func mean(day: Int, hour: Int) -> Double {
        isWeekend(day) ? 1200 * weekend[hour] : 2400 * weekday[hour]
    }

    static func series(days: Int, seed: UInt64) -> [Double] {
        var rng = ForecastTestRandom(seed: seed)
        return (0..<(days * 24)).map { t in rng.poisson(mean(day: t / 24, hour: t % 24)) }
    }

    func testSaturdayIsForecastFromLastSaturdaysShape() throws {
        // 37 days end on a Friday (day 36); the next two days are Saturday and Sunday.
        let y = Self.series(days: 37, seed: 71)
        let series = ForecastRegularSeries(
            start: ForecastTestDates.start, frequency: .hourly, timeZone: .gmt, values: y)
        let r = try Forecaster.forecast(series: series, horizon: 48)
        XCTAssertTrue(r.model.hasSuffix("weekly season"), r.model)
        let saturday = r.points.prefix(24).map(\.value)
        let peak = try XCTUnwrap(saturday.indices.max { saturday[$0] < saturday[$1] })
        XCTAssertEqual(peak, 20, "Saturday peaks in the evening, as last Saturday did")
        XCTAssertEqual(saturday.reduce(0, +), 1200, accuracy: 120)
        for h in 19...21 {
            XCTAssertEqual(saturday[h], Self.mean(day: 37, hour: h), accuracy: 0.15 * Self.mean(day: 37, hour: h))
        }
        // The day season alone repeats Friday: the afternoon peak at the weekday level.
        let daySeason = try Forecaster.forecast(values: y, seasonLength: 24, horizon: 24).points.map(\.value)
        XCTAssertGreaterThan(daySeason[14], 2 * saturday[14])
    }

    func testWithUnderThreeWeeksTheDaySeasonIsKept() throws {
        let y = Self.series(days: 20, seed: 72)
        let series = ForecastRegularSeries(
            start: ForecastTestDates.start, frequency: .hourly, timeZone: .gmt, values: y)
        let r = try Forecaster.forecast(series: series, horizon: 24)
        XCTAssertEqual(r, try Forecaster.forecast(values: y, seasonLength: 24, horizon: 24))
    }

    func testWithoutAWeeklyPatternTheDaySeasonIsKept() throws {
        // Every day alike: the week-long season has nothing to add on the held-out week.
        var rng = ForecastTestRandom(seed: 73)
        let y = (0..<(35 * 24)).map { t in rng.poisson(2400 * Self.weekday[t % 24]) }
        let series = ForecastRegularSeries(
            start: ForecastTestDates.start, frequency: .hourly, timeZone: .gmt, values: y)
        XCTAssertFalse(try Forecaster.forecast(series: series, horizon: 24).model.contains("weekly"))
    }

    func testInitialProfileIsDayOfWeekTimesHourOfDay() throws {
        // An exact product: level 10, day factors 1 except 0.5 on day 5 and 1.5 on day 6, hour
        // factors 0.5 before noon and 1.5 after. Both sets average 1, so they come back as given.
        let day = [1, 1, 1, 1, 1, 0.5, 1.5], hour = (0..<24).map { $0 < 12 ? 0.5 : 1.5 }
        let y = (0..<168).map { t in 10 * day[t / 24] * hour[t % 24] }
        let state = try XCTUnwrap(WeeklyHourlyModel.initialState(y))
        XCTAssertEqual(state.level, 10, accuracy: 1e-12)
        XCTAssertEqual(state.season[0], 0.5, accuracy: 1e-12)
        XCTAssertEqual(state.season[5 * 24 + 13], 0.75, accuracy: 1e-12)
        XCTAssertEqual(state.season[6 * 24 + 23], 2.25, accuracy: 1e-12)
        XCTAssertNil(WeeklyHourlyModel.initialState([Double](repeating: 0, count: 168)), "no traffic, no profile")
        XCTAssertNil(WeeklyHourlyModel.initialState([Double](repeating: 1, count: 100)), "less than a week")
    }

    func testSeasonalNaiveForecastAfterASeries() {
        // Season 3 after 1…10: the last season is 8, 9, 10, repeated.
        let y = (1...10).map(Double.init)
        XCTAssertEqual(
            ForecastFittedModel.seasonalNaive(seasonLength: 3).forecast(after: y, horizon: 4), [8, 9, 10, 8])
        XCTAssertEqual(ForecastFittedModel.mean.forecast(after: y, horizon: 2), [5.5, 5.5])
    }
}
