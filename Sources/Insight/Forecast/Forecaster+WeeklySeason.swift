extension Forecaster {
    /// Hourly series: the day-seasonal choice of `forecast(values:seasonLength:horizon:options:)`
    /// with a season of 24, unless the week-seasonal `WeeklyHourlyModel` forecast the last week
    /// better (`weeklyWinsLastWeek`): weekends and weekdays often differ in level and in shape,
    /// which a daily season can only follow by lurching its level every morning, but a week-long
    /// season has 168 factors to learn, so it must earn its place on data it was not fitted on.
    /// Needs three weeks: two to fit on and one to judge.
    static func forecastHourly(
        values: [Double], horizon: Int, options: ForecastOptions
    ) throws(ForecastError) -> ForecastResult {
        let day = ForecastFrequency.hourly.defaultSeasonLength
        let daySeasonal = try forecast(values: values, seasonLength: day, horizon: horizon, options: options)
        let week = WeeklyHourlyModel.seasonLength
        guard values.count >= 3 * week else { return daySeasonal }
        let raw = recent(values, seasonLength: week)
        guard weeklyWinsLastWeek(raw, horizon: horizon, options: options) else { return daySeasonal }
        let (cleaned, outliers) = clean(raw, seasonLength: week, options: options)
        guard let model = WeeklyHourlyModel.fit(cleaned, maxEvaluations: options.maxEvaluations) else {
            return daySeasonal
        }
        var weekly = answer(
            model: .ets(model), cleaned: cleaned, raw: raw, offset: values.count - raw.count, outliers: outliers,
            note: nil, horizon: horizon)
        weekly.model += ", weekly season"
        return weekly
    }

    /// Whether the week-seasonal model, fitted on all but the last week of `raw`, forecasts that
    /// week with a smaller total absolute error than the day-seasonal choice fitted on the same
    /// weeks. Both forecast up to `horizon` hours from the start of each of the week's days, their
    /// state following the actual hours in between, as they would in use.
    static func weeklyWinsLastWeek(_ raw: [Double], horizon: Int, options: ForecastOptions) -> Bool {
        let week = WeeklyHourlyModel.seasonLength
        let train = Array(raw.dropLast(week)), test = Array(raw.suffix(week))
        let (weeklyTrain, _) = clean(train, seasonLength: week, options: options)
        guard let weekly = WeeklyHourlyModel.fit(weeklyTrain, maxEvaluations: options.maxEvaluations) else {
            return false
        }
        let day = ForecastFrequency.hourly.defaultSeasonLength
        let (daily, dailyTrain, _, _) = choose(recent(train, seasonLength: day), seasonLength: day, options: options)
        func error(_ model: ForecastFittedModel, _ fitted: [Double]) -> Double {
            var total = 0.0
            for origin in stride(from: 0, to: week, by: day) {
                let steps = min(horizon, week - origin)
                let f = model.forecast(after: fitted + test[..<origin], horizon: steps)
                for h in 0..<steps { total += abs(test[origin + h] - max(0, f[h])) }
            }
            return total
        }
        return error(.ets(weekly), weeklyTrain) < error(daily, dailyTrain)
    }

    /// `raw` with one-off outliers replaced (`RobustSeasonalCleaner`), unless the options say not to.
    static func clean(_ raw: [Double], seasonLength: Int, options: ForecastOptions) -> ([Double], outliers: [Int]) {
        guard options.cleanOutliers else { return (raw, []) }
        let r = RobustSeasonalCleaner(seasonLength: seasonLength).clean(raw)
        return (r.values, r.outliers)
    }
}
