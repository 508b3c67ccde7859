import Foundation

/// What a caller asks `POST /ml/forecast/scans|revenue` and `POST /ml/detect/anomalies` (and the
/// command line) for: a site's history from the store, or an explicit series of its own.
package struct ForecastRequest: Decodable, Sendable {
    /// One dated value of an explicit series: `{"date": "2026-10-01", "value": 812}`; hourly
    /// series give a time too (`"2026-10-01T14:00:00Z"`).
    package struct Point: Decodable, Sendable {
        package var date: String
        package var value: Double
    }

    package var site: String?
    package var placement: String?
    package var variant: String?
    package var series: [Point]?
    package var horizon: Int?
    package var frequency: ForecastFrequency?

    package init(
        site: String? = nil, placement: String? = nil, variant: String? = nil, series: [Point]? = nil,
        horizon: Int? = nil, frequency: ForecastFrequency? = nil
    ) {
        self.site = site
        self.placement = placement
        self.variant = variant
        self.series = series
        self.horizon = horizon
        self.frequency = frequency
    }

    package static let defaultHorizon = 14

    /// The explicit series as a regular one, dates checked: each must be `YYYY-MM-DD` or an
    /// ISO 8601 date-time, and the rest is `ForecastSeriesBuilder`'s rules.
    package func explicitSeries() throws(ForecastRequestError) -> ForecastRegularSeries? {
        guard let series else { return nil }
        var observations: [ForecastObservation] = []
        observations.reserveCapacity(series.count)
        for (index, point) in series.enumerated() {
            guard let date = Self.parseDate(point.date) else {
                throw .invalid(
                    "series[\(index)].date '\(point.date)' is not a date: use YYYY-MM-DD or an ISO 8601 date-time")
            }
            observations.append(ForecastObservation(date: date, value: point.value))
        }
        do {
            return try ForecastSeriesBuilder.build(observations, frequency: frequency ?? .daily)
        } catch {
            throw .invalid(error.message)
        }
    }

    static func parseDate(_ text: String) -> Date? {
        let utc = TimeZone(identifier: "UTC") ?? .current
        if text.utf8.count == 10 {
            let day = Date.ISO8601FormatStyle(timeZone: utc).year().month().day().dateSeparator(.dash)
            return try? day.parse(text)
        }
        if let date = try? Date.ISO8601FormatStyle(timeZone: utc).parse(text) { return date }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: utc).parse(text)
    }
}

/// A request the service cannot answer, with the message a caller sees.
package enum ForecastRequestError: Error, Equatable, Sendable {
    case invalid(String)

    package var message: String {
        switch self {
        case .invalid(let message): message
        }
    }
}
