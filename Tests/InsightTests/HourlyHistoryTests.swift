import Foundation
import XCTest

@testable import Insight

/// Stored hours become a regular series of complete steps, most recent kept.
final class HourlyHistoryTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_765_000_000)  // 2025-12-06 05:46:40 UTC
    private var hourNow: Int64 { Int64(now.timeIntervalSince1970 / 3600) }

    func testTheStepUnderWayIsLeftOutAndQuietStepsAreZero() throws {
        let series = try XCTUnwrap(
            HourlyHistory.series(
                [(hourNow - 3, 5), (hourNow - 1, 2), (hourNow, 9)], frequency: .hourly, timeZone: .gmt, now: now))
        XCTAssertEqual(series.values, [5, 0, 2], "three complete hours; the current one is not over")
    }

    func testAHistoryLongerThanASeriesKeepsItsRecentEnd() throws {
        let series = try XCTUnwrap(
            HourlyHistory.series(
                [(hourNow - 200_000, 7), (hourNow - 1, 4)], frequency: .hourly, timeZone: .gmt, now: now))
        XCTAssertEqual(series.values.count, ForecastLimits.maxPoints)
        XCTAssertEqual(series.values.last, 4, "the latest complete hour is the series' last point")
    }
}
