/// The documented bounds of the forecasting API, and the validation every entry point runs first.
///
/// - `maxPoints` 100,000: about 11 years of hourly data. Longer inputs are refused up front (O(1)),
///   and accepted inputs are fitted on at most `fitPoints(seasonLength:)` recent points so that
///   even the largest request answers in well under a second.
/// - `maxHorizon` 366: a year of days, or 15 days of hours.
/// - `maxSeasonLength` 744: a month of hours; weekly-hourly (168) is the longest we use.
package enum ForecastLimits {
    package static let maxPoints = 100_000
    package static let maxHorizon = 366
    package static let maxSeasonLength = 744
    /// Parameters are fitted on the most recent points only: old behaviour says little about next
    /// week, and it bounds the cost of a fit. See `fitPoints(seasonLength:)`.
    package static let maxFitPoints = 2_016

    /// How many recent points a model with this season is fitted on: 26 seasons (half a year of
    /// days, 26 days of hours, 12 weeks of hours for a weekly-hourly season), at least 182 and at
    /// most `maxFitPoints`. On the benchmark, fitting a daily model on 182 rather than 365 days
    /// changed MASE by under 0.5% and halved the cost.
    package static func fitPoints(seasonLength m: Int) -> Int {
        min(maxFitPoints, max(182, 26 * m))
    }

    /// Checks a count series: non-empty, not too long, every value finite and ≥ 0.
    package static func validate(values: [Double]) throws(ForecastError) {
        if values.isEmpty { throw .emptySeries }
        if values.count > maxPoints { throw .tooManyPoints(count: values.count, maximum: maxPoints) }
        for (i, v) in values.enumerated() {
            if !v.isFinite { throw .nonFiniteValue(index: i) }
            if v < 0 { throw .negativeValue(index: i, value: v) }
        }
    }

    package static func validate(horizon: Int) throws(ForecastError) {
        if horizon < 1 || horizon > maxHorizon { throw .invalidHorizon(horizon, maximum: maxHorizon) }
    }

    package static func validate(seasonLength: Int) throws(ForecastError) {
        if seasonLength < 1 || seasonLength > maxSeasonLength {
            throw .invalidSeasonLength(seasonLength, maximum: maxSeasonLength)
        }
    }
}
