import Foundation

/// A regular series: `values[i]` belongs to `frequency.date(at: i, from: start, timeZone:)`.
package struct ForecastRegularSeries: Sendable, Equatable {
    package var start: Date
    package var frequency: ForecastFrequency
    package var timeZone: TimeZone
    package var values: [Double]
    /// How many steps were missing and filled with zero (0 when none, or when gaps are rejected).
    package var filledGaps: Int

    package init(start: Date, frequency: ForecastFrequency, timeZone: TimeZone, values: [Double], filledGaps: Int = 0) {
        self.start = start
        self.frequency = frequency
        self.timeZone = timeZone
        self.values = values
        self.filledGaps = filledGaps
    }

    package func date(at index: Int) -> Date { frequency.date(at: index, from: start, timeZone: timeZone) }

    /// The date of forecast step `step` (1 = the step after the last value).
    package func date(ofStep step: Int) -> Date { date(at: values.count + step - 1) }
}
