import Foundation

/// A site's stored activity (a value per hour in which anything happened) as a regular series of
/// complete steps: days or hours in the site's time zone, quiet steps as zeros, up to the last
/// step that has ended before `now`, so a half-finished day never reads as a drop.
package enum HourlyHistory {
    /// `hours` are (hours since 1970 UTC, value), in any order; nil when there is no complete step.
    package static func series(
        _ hours: [(hour: Int64, value: Double)], frequency: ForecastFrequency, timeZone: TimeZone, now: Date
    ) -> ForecastRegularSeries? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let component: Calendar.Component = frequency == .daily ? .day : .hour
        func stepStart(_ date: Date) -> Date { calendar.dateInterval(of: component, for: date)?.start ?? date }

        let currentStep = stepStart(now)
        var totals: [Date: Double] = [:]
        for (hour, value) in hours {
            let start = stepStart(Date(timeIntervalSince1970: Double(hour) * 3600))
            guard start < currentStep else { continue }
            totals[start, default: 0] += value
        }
        guard var first = totals.keys.min() else { return nil }
        // A history longer than a series may be keeps its most recent steps: those are the ones a
        // forecast continues and an anomaly check looks at.
        if let earliest = calendar.date(byAdding: component, value: -ForecastLimits.maxPoints, to: currentStep),
            first < earliest
        {
            first = earliest
        }
        var values: [Double] = []
        var step = first
        while step < currentStep, values.count < ForecastLimits.maxPoints {
            values.append(totals[step] ?? 0)
            guard let next = calendar.date(byAdding: component, value: 1, to: step) else { break }
            step = next
        }
        return ForecastRegularSeries(
            start: first, frequency: frequency, timeZone: timeZone, values: values, filledGaps: 0)
    }
}
