import Foundation

/// The step of a regular series. Daily series are seasonal by week, hourly ones by day (and by
/// week once there is enough history for it).
package enum ForecastFrequency: String, Sendable, Codable, CaseIterable {
    case daily
    case hourly

    /// Points per day: 1 or 24.
    package var pointsPerDay: Int { self == .daily ? 1 : 24 }

    /// The season length of `Forecaster.forecast(values:seasonLength:…)` for this step: a week of
    /// days, a day of hours (hourly series may get a week of hours: `Forecaster.forecastHourly`).
    package var defaultSeasonLength: Int { self == .daily ? 7 : 24 }

    /// The date of point `index` of a series starting at `start`. Days step by calendar day in
    /// `timeZone` so that a DST change does not shift midnight; hours step by 3,600 s.
    package func date(at index: Int, from start: Date, timeZone: TimeZone) -> Date {
        switch self {
        case .hourly:
            return start.addingTimeInterval(Double(index) * 3600)
        case .daily:
            var cal = Calendar(identifier: .gregorian)
            cal.timeZone = timeZone
            return cal.date(byAdding: .day, value: index, to: start) ?? start.addingTimeInterval(Double(index) * 86_400)
        }
    }
}
