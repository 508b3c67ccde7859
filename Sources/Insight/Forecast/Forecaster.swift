import Foundation

/// Forecasts a count series with prediction intervals.
///
/// Model choice (on the most recent `ForecastLimits.fitPoints(seasonLength:)` points, after outlier cleaning):
/// - a constant series (all zeros included): "mean", repeating the value with zero-width intervals;
///   an all-zero series therefore forecasts zeros rather than failing, since "no scans yet" is a
///   legitimate state of a new placement;
/// - fewer points than one season (or than 10 when not seasonal): "mean";
/// - fewer than three seasons or 10 points: "seasonal-naive";
/// - otherwise the ETS form with the lowest AIC among ets(A,N,A), ets(A,Ad,A), ets(A,N,M) and
///   ets(A,Ad,M) (the multiplicative ones only for strictly positive data); ets(A,N,N) and
///   ets(A,Ad,N) when `seasonLength == 1`.
/// Hourly series may instead get a week-long season: see `forecastHourly`.
/// Intervals: see `ForecastIntervalCalibrator`.
package enum Forecaster {
    /// Forecasts a regular series with its frequency's season: a week of days for daily series;
    /// for hourly ones a day of hours, or a week of hours when that does better on the last week
    /// (`forecastHourly`). Pair each point with `series.date(ofStep: point.step)`.
    package static func forecast(
        series: ForecastRegularSeries, horizon: Int, options: ForecastOptions = ForecastOptions()
    ) throws(ForecastError) -> ForecastResult {
        switch series.frequency {
        case .daily:
            try forecast(
                values: series.values, seasonLength: series.frequency.defaultSeasonLength, horizon: horizon,
                options: options)
        case .hourly: try forecastHourly(values: series.values, horizon: horizon, options: options)
        }
    }

    package static func forecast(
        values: [Double], seasonLength: Int, horizon: Int, options: ForecastOptions = ForecastOptions()
    ) throws(ForecastError) -> ForecastResult {
        try ForecastLimits.validate(seasonLength: seasonLength)
        try ForecastLimits.validate(horizon: horizon)
        try ForecastLimits.validate(values: values)
        let raw = recent(values, seasonLength: seasonLength)
        let (model, cleaned, outliers, note) = choose(raw, seasonLength: seasonLength, options: options)
        return answer(
            model: model, cleaned: cleaned, raw: raw, offset: values.count - raw.count, outliers: outliers,
            note: note, horizon: horizon)
    }

    /// The points a model with this season is fitted on: the most recent
    /// `ForecastLimits.fitPoints(seasonLength:)`.
    static func recent(_ values: [Double], seasonLength: Int) -> [Double] {
        let window = ForecastLimits.fitPoints(seasonLength: seasonLength)
        return values.count > window ? Array(values.suffix(window)) : values
    }

    /// Forecasts `horizon` steps after `cleaned` with `model`, with intervals from its rolling-origin
    /// errors against `raw`; `offset` is where `raw` starts in the caller's series.
    static func answer(
        model: ForecastFittedModel, cleaned: [Double], raw: [Double], offset: Int, outliers: [Int], note: String?,
        horizon: Int
    ) -> ForecastResult {
        let (fc, errors) = model.forecastWithErrors(y: cleaned, actual: raw, horizon: horizon)
        let calibrator = ForecastIntervalCalibrator(
            errors: errors, relative: model.isMultiplicative, fallbackSigma: fallbackSigma(raw, errors: errors))
        let points = fc.enumerated().map { calibrator.point(step: $0.offset, forecast: $0.element) }
        var peak: ForecastCapacityHint? = nil
        if let best = points.max(by: { $0.value < $1.value }) {
            peak = ForecastCapacityHint(step: best.step, value: best.value, upper95: best.upper95)
        }
        return ForecastResult(
            model: model.name, points: points, peak: peak,
            cleanedOutliers: outliers.map { $0 + offset }, fittedPoints: raw.count, note: note)
    }

    /// Chooses and fits the model on `raw` (already validated and trimmed).
    static func choose(
        _ raw: [Double], seasonLength m: Int, options: ForecastOptions
    ) -> (ForecastFittedModel, cleaned: [Double], outliers: [Int], note: String?) {
        let n = raw.count
        if let first = raw.first, raw.allSatisfy({ $0 == first }) {
            return (
                .mean, raw, [],
                first == 0
                    ? "the series is all zeros: forecasting zeros"
                    : "the series is constant: forecasting the same value"
            )
        }
        if n < max(m, m == 1 ? 10 : 1) {
            return (.mean, raw, [], "only \(n) points (less than one season of \(m)): forecasting the mean")
        }
        let (cleaned, outliers) = clean(raw, seasonLength: m, options: options)
        if m > 1 && n < max(3 * m, 10) {
            return (
                .seasonalNaive(seasonLength: m), cleaned, outliers,
                "only \(n) points (less than three seasons of \(m)): repeating the last season"
            )
        }
        var best: ExponentialSmoothingFitter.Fit? = nil
        func consider(_ trend: ExponentialSmoothingModel.Trend, _ season: ExponentialSmoothingModel.Season) {
            guard
                let fit = ExponentialSmoothingFitter.fit(
                    cleaned, trend: trend, season: season, seasonLength: m,
                    maxEvaluations: options.maxEvaluations)
            else { return }
            if fit.aic < (best?.aic ?? .infinity) { best = fit }
        }
        if let forms = options.forms {
            for (trend, season) in forms { consider(trend, season) }
        } else if m == 1 {
            consider(.none, .none)
            consider(.damped, .none)
        } else {
            // Choose the season form without trend first, then try a damped trend on it only:
            // three fits instead of four, and the fourth was rarely the winner.
            consider(.none, .additive)
            consider(.none, .multiplicative)
            consider(.damped, best?.model.season ?? .additive)
        }
        if let best { return (.ets(best.model), cleaned, outliers, nil) }
        // Every form failed to fit (should not happen with valid data): repeat the last season.
        return (
            .seasonalNaive(seasonLength: m), cleaned, outliers,
            "no smoothing model could be fitted: repeating the last season"
        )
    }

    /// Scale for the Gaussian fallback band: one-step errors if any, else the spread of the data.
    static func fallbackSigma(_ raw: [Double], errors: [[Double]]) -> Double {
        let e = errors.first ?? []
        let xs = e.count >= 2 ? e : raw
        let mean = xs.reduce(0, +) / Double(xs.count)
        let v = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, xs.count - 1))
        return v.squareRoot()
    }
}
