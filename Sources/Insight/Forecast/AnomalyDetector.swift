import Foundation

/// Finds drops, spikes and zero-traffic runs in a count series against a rolling one-step forecast.
///
/// How (see also `AnomalyDetectorOptions`):
/// 1. With less than `warmupDays` (14) of history it answers `.stillLearning` instead of guessing.
/// 2. An ETS model (additive or multiplicative weekly season, no trend; season 7 for daily, 168 for
///    hourly) is fitted on the outlier-cleaned history before the checked window.
/// 3. The noise scale is calibrated on that history's one-step errors (or, with only two seasons,
///    on week-over-week differences): `AnomalyNoiseScale`.
/// 4. Through the window, each point is compared with its one-step forecast (made without it);
///    standardised errors, on the noise model's variance-stabilised scale, feed two CUSUMs (down,
///    up). An alarm needs the CUSUM over its threshold (`spikeThreshold` for up) and the span's
///    total to be `minRelativeDeviation` off. The anomaly starts where its CUSUM last left zero
///    and ends at the first of `recoveryPoints` normal points. Runs of zeros with a tiny
///    probability under the forecast alarm as `.zero`. Observations are clipped before they update
///    the model, and not used at all during an anomaly, so the model keeps expecting normal traffic.
package struct AnomalyDetector: Sendable {
    package var options: AnomalyDetectorOptions

    package init(options: AnomalyDetectorOptions) { self.options = options }
    package init(frequency: ForecastFrequency) { self.options = .preset(for: frequency) }

    /// Checks a regular series (as built by `ForecastSeriesBuilder`).
    package func detect(series: ForecastRegularSeries) throws(ForecastError) -> AnomalyReport {
        try detect(values: series.values, frequency: series.frequency, start: series.start, timeZone: series.timeZone)
    }

    package func detect(
        values: [Double], frequency: ForecastFrequency, start: Date,
        timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current
    ) throws(ForecastError) -> AnomalyReport {
        try ForecastLimits.validate(values: values)
        let n = values.count
        let perDay = frequency.pointsPerDay
        let warmup = options.warmupDays * perDay
        if n < warmup { return .stillLearning(daysOfHistory: n / perDay, daysNeeded: options.warmupDays) }
        let scanFrom = min(n, max(warmup, options.scanFrom ?? (n - options.defaultScanDays * perDay)))
        let m = frequency == .daily ? 7 : 168
        let fitStart = max(0, scanFrom - ForecastLimits.fitPoints(seasonLength: m))
        let history = Array(values[fitStart..<scanFrom])
        let cleaned = RobustSeasonalCleaner(seasonLength: m).clean(history).values
        let model = Self.fitModel(cleaned, seasonLength: m)

        // Run the model through the history, collecting one-step errors for the noise scale.
        var state = model.initialState
        var observed: [Double] = [], forecasts: [Double] = []
        for (i, y) in cleaned.enumerated() {
            let f = model.predict(state)
            if i >= 2 * m { observed.append(history[i]); forecasts.append(f) }
            model.update(&state, observed: y)
        }
        let scale: AnomalyNoiseScale
        if observed.count < m {
            // Only two seasons: the week-over-week difference of two noisy points has twice the
            // noise variance; a profile from two weeks predicts with about 1.5 times it.
            let lag = min(m, history.count)
            let recent = Array(history[lag...]), weekBefore = Array(history[..<(history.count - lag)])
            scale = AnomalyNoiseScale.calibrate(
                observed: recent, references: weekBefore, means: zip(recent, weekBefore).map { 0.5 * ($0 + $1) },
                factor: (0.75).squareRoot())
        } else {
            scale = AnomalyNoiseScale.calibrate(observed: observed, references: forecasts, means: forecasts)
        }
        let found = scan(
            values: values, from: scanFrom, model: model, state: state, scale: scale,
            frequency: frequency, start: start, timeZone: timeZone)
        return .checked(anomalies: found, model: model.name)
    }

    /// The detection model: ets(A,N,M) with count-weighted updates (quiet nights and zeros are
    /// normal in hourly counts), falling back to ets(A,N,A) if that cannot be fitted. No trend: one
    /// step ahead the level carries it, and a slope could only chase a drop. Hourly series use
    /// `WeeklyHourlyModel`.
    static func fitModel(_ y: [Double], seasonLength m: Int) -> ExponentialSmoothingModel {
        let multiplicative =
            m == WeeklyHourlyModel.seasonLength
            ? WeeklyHourlyModel.fit(y, maxEvaluations: 120)
            : ExponentialSmoothingModel.initialState(for: y, trend: .none, season: .multiplicative, seasonLength: m)
                .flatMap { start in
                    ExponentialSmoothingFitter.fit(
                        y, trend: .none, season: .multiplicative, seasonLength: m, maxEvaluations: 120,
                        countWeighted: true, initialState: start)?.model
                }
        if let multiplicative { return multiplicative }
        if let fit = ExponentialSmoothingFitter.fit(
            y, trend: .none, season: .additive, seasonLength: m, maxEvaluations: 120)
        {
            return fit.model
        }
        let s0 =
            ExponentialSmoothingModel.initialState(for: y, trend: .none, season: .additive, seasonLength: m)
            ?? .init(
                level: y.reduce(0, +) / Double(max(1, y.count)), trend: 0, season: [Double](repeating: 0, count: m),
                time: 0)
        return ExponentialSmoothingModel(
            trend: .none, season: .additive, seasonLength: m,
            parameters: .init(alpha: 0.05, gamma: 0.1), initialState: s0)
    }

    private struct Open {
        var kind: AnomalyKind
        var start: Int
        var alert: Int
        var normalRun = 0
    }

    func scan(
        values: [Double], from: Int, model: ExponentialSmoothingModel, state initial: ExponentialSmoothingModel.State,
        scale: AnomalyNoiseScale, frequency: ForecastFrequency, start: Date, timeZone: TimeZone
    ) -> [Anomaly] {
        let o = options
        var state = initial
        var found: [Anomaly] = []
        var down = 0.0, up = 0.0
        var downStart = from, upStart = from
        var zeroStart: Int? = nil, zeroLog = 0.0
        var open: Open? = nil
        // Forecast and standardised error of every checked point (index − from), for spans.
        var forecasts = [Double](repeating: 0, count: values.count - from)
        var scores = forecasts

        func close(_ a: Open, end: Int?) {
            let stop = end ?? values.count
            let steps = stop - a.start
            var e = 0.0, v = 0.0
            for i in a.start..<stop { e += forecasts[i - from]; v += values[i] }
            e /= Double(max(steps, 1)); v /= Double(max(steps, 1))
            let startDate = frequency.date(at: a.start, from: start, timeZone: timeZone)
            let endDate = end.map { frequency.date(at: $0, from: start, timeZone: timeZone) }
            found.append(
                Anomaly(
                    kind: a.kind, startIndex: a.start, endIndex: end, alertIndex: a.alert, start: startDate,
                    end: endDate,
                    expected: e, actual: v, variant: nil,
                    summary: AnomalySummary.text(
                        kind: a.kind, metric: o.metric, expected: e, actual: v, steps: steps,
                        start: startDate, end: endDate, frequency: frequency, timeZone: timeZone)))
        }

        let spikeThreshold = o.spikeThreshold ?? o.cusumThreshold
        /// The start of a shift that the CUSUM has flagged at t, or nil if none qualifies. Each
        /// span [s, t] within the CUSUM's run is scored by Σ(∓z − slack); a span qualifies when that
        /// score passes the threshold and its total is `minRelativeDeviation` off; the best-scoring
        /// qualifying span wins. (The point where the CUSUM last left zero can lie well before the
        /// change, and a relative test over that longer span would dilute a sharp one-day drop.)
        func changePoint(_ from0: Int, to t: Int, below: Bool) -> Int? {
            let threshold = below ? o.cusumThreshold : spikeThreshold
            var sum = 0.0, best = -Double.infinity, start: Int? = nil
            var e = 0.0, v = 0.0
            for i in stride(from: t, through: from0, by: -1) {
                let z = scores[i - from]
                sum += (below ? -z : z) - o.cusumSlack
                e += forecasts[i - from]; v += values[i]
                let relative = below ? (e - v) / max(e, 1e-9) : (v - e) / max(e, 1)
                if sum > threshold && relative >= o.minRelativeDeviation && sum > best {
                    best = sum; start = i
                }
            }
            return start
        }

        for t in from..<values.count {
            let y = values[t]
            let f = max(0, model.predict(state))
            let sd = scale.sd(f)
            let z = scale.score(y, forecast: f)
            forecasts[t - from] = f
            scores[t - from] = z

            if var a = open {
                // Inside an anomaly: look for recovery (one-sided: a drop ends when traffic is no
                // longer clearly low), and keep the model on "normal" meanwhile.
                let normal: Bool
                switch a.kind {
                case .drop: normal = z > -1.5
                case .zero: normal = y > 0 && z > -1.5
                default: normal = z < 1.5
                }
                a.normalRun = normal ? a.normalRun + 1 : 0
                if a.normalRun >= o.recoveryPoints {
                    close(a, end: t - o.recoveryPoints + 1)
                    open = nil
                    down = 0; up = 0; zeroStart = nil; zeroLog = 0
                    model.update(&state, observed: y)
                    continue
                }
                open = a
                model.update(&state, observed: f)
                continue
            }

            // Zero runs: −log-probability of all zeros under a negative binomial with the forecast
            // mean and the calibrated over-dispersion (Poisson when k = 0): over-dispersed
            // traffic has quiet hours more often, so it needs a longer run to alarm.
            if y == 0 {
                if zeroStart == nil { zeroStart = t; zeroLog = 0 }
                zeroLog += scale.k > 1e-9 ? log1p(scale.k * f) / scale.k : f
            } else {
                zeroStart = nil
            }

            // CUSUMs on standardised errors, remembering where each last left zero.
            if down == 0 { downStart = t }
            down = max(0, down - z - o.cusumSlack)
            if up == 0 { upStart = t }
            up = max(0, up + z - o.cusumSlack)

            if let zs = zeroStart, zeroLog >= o.zeroLogProbability {
                open = Open(kind: .zero, start: zs, alert: t)
            } else if down > o.cusumThreshold, let s0 = changePoint(downStart, to: t, below: true) {
                let allZero = (s0...t).allSatisfy { values[$0] == 0 }
                open = Open(kind: allZero ? .zero : .drop, start: s0, alert: t)
            } else if up > spikeThreshold, let s0 = changePoint(upStart, to: t, below: false) {
                open = Open(kind: .spike, start: s0, alert: t)
            }
            if open != nil {
                model.update(&state, observed: f)
            } else {
                // Clipped update: an odd point moves the model only as far as a plausible one would.
                let clipped = min(max(y, f - o.clip * sd), f + o.clip * sd)
                model.update(&state, observed: max(0, clipped))
            }
        }
        if let a = open { close(a, end: nil) }
        return found
    }
}
