import Foundation

/// Builds a regular series from dated points, as the HTTP API and the CLI receive them.
///
/// Rules (documented for the API):
/// - points are sorted by date;
/// - each date is floored to its step in `timeZone` (start of the day, start of the hour), so
///   "2026-10-01" and "2026-10-01T08:00" are the same day;
/// - two points on the same step are refused with `.duplicateDate(thatStep)` rather than summed,
///   because a duplicate usually means a client bug that summing would hide;
/// - missing steps are filled with 0 when `gapPolicy == .fillWithZero` (a placement with no scans
///   that day is the common reason for a gap in count data), or refused with `.gap` otherwise;
/// - values are validated like any series (finite, ≥ 0, at most `ForecastLimits.maxPoints` steps
///   after filling).
package enum ForecastSeriesBuilder {
    package enum GapPolicy: Sendable { case fillWithZero, reject }

    package static func build(
        _ observations: [ForecastObservation],
        frequency: ForecastFrequency,
        timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current,
        gapPolicy: GapPolicy = .fillWithZero
    ) throws(ForecastError) -> ForecastRegularSeries {
        if observations.isEmpty { throw .emptySeries }
        if observations.count > ForecastLimits.maxPoints {
            throw .tooManyPoints(count: observations.count, maximum: ForecastLimits.maxPoints)
        }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        let component: Calendar.Component = frequency == .daily ? .day : .hour
        let floored = observations.enumerated().map { (i, o) -> (Int, Date, Double) in
            (i, cal.dateInterval(of: component, for: o.date)?.start ?? o.date, o.value)
        }
        for (i, _, v) in floored {
            if !v.isFinite { throw .nonFiniteValue(index: i) }
            if v < 0 { throw .negativeValue(index: i, value: v) }
        }
        let sorted = floored.sorted { $0.1 < $1.1 }
        let start = sorted[0].1
        var values: [Double] = []
        values.reserveCapacity(sorted.count)
        var filled = 0
        var previous: Date? = nil
        for (_, date, value) in sorted {
            if let p = previous {
                if date == p { throw .duplicateDate(date) }
                let steps = stepsBetween(p, date, frequency: frequency, calendar: cal)
                if steps > 1 {
                    if gapPolicy == .reject { throw .gap(after: p, missing: steps - 1) }
                    if values.count + steps > ForecastLimits.maxPoints {
                        throw .tooManyPoints(count: values.count + steps, maximum: ForecastLimits.maxPoints)
                    }
                    values.append(contentsOf: repeatElement(0, count: steps - 1))
                    filled += steps - 1
                }
            }
            values.append(value)
            previous = date
        }
        return ForecastRegularSeries(
            start: start, frequency: frequency, timeZone: timeZone, values: values, filledGaps: filled)
    }

    private static func stepsBetween(_ a: Date, _ b: Date, frequency: ForecastFrequency, calendar: Calendar) -> Int {
        switch frequency {
        case .hourly:
            return Int((b.timeIntervalSince(a) / 3600).rounded())
        case .daily:
            // Calendar days, so a 23- or 25-hour DST day still counts as one step.
            return calendar.dateComponents([.day], from: a, to: b).day
                ?? Int((b.timeIntervalSince(a) / 86_400).rounded())
        }
    }
}
