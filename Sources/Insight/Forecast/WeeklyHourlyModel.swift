/// The week-seasonal model of hourly counts (season of 168 hours), shared by the forecaster and the
/// anomaly detector: ets(A,N,M) with count-weighted updates (quiet nights and zeros are normal in
/// hourly counts) starting from a day-of-week × hour-of-day profile, which is far less noisy than
/// 168 separate slot means from a few weeks of data. The smoothing then lets each of the 168
/// factors drift from that product, so a Saturday whose peak comes later than a weekday's is
/// learnt from the Saturdays.
enum WeeklyHourlyModel {
    static let seasonLength = 168

    /// Fits the model on `y` (cleaned, at least one week); nil if it cannot be fitted (no traffic).
    static func fit(_ y: [Double], maxEvaluations: Int) -> ExponentialSmoothingModel? {
        guard let start = initialState(y) else { return nil }
        return ExponentialSmoothingFitter.fit(
            y, trend: .none, season: .multiplicative, seasonLength: seasonLength, maxEvaluations: maxEvaluations,
            countWeighted: true, initialState: start)?.model
    }

    /// factor(day, hour) = dayOfWeek(day) × hourOfDay(hour), each a ratio of means over the first
    /// (up to four) weeks of `y`; the level is their overall mean.
    static func initialState(_ y: [Double]) -> ExponentialSmoothingModel.State? {
        let weeks = min(y.count / seasonLength, 4)
        guard weeks >= 1 else { return nil }
        let n = weeks * seasonLength
        let total = y[0..<n].reduce(0, +)
        guard total > 0 else { return nil }
        let mean = total / Double(n)
        var hour = [Double](repeating: 0, count: 24), day = [Double](repeating: 0, count: 7)
        for t in 0..<n {
            hour[t % 24] += y[t]
            day[(t / 24) % 7] += y[t]
        }
        hour = hour.map { $0 / (Double(n / 24) * mean) }
        day = day.map { $0 / (Double(n / 7) * mean) }
        var season = [Double](repeating: 0, count: seasonLength)
        for k in 0..<seasonLength { season[k] = day[k / 24] * hour[k % 24] }
        return .init(level: mean, trend: 0, season: season, time: 0)
    }
}
