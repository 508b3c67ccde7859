/// A fitted forecaster of any kind, with what it needs to forecast from any origin. Shared by the
/// forecaster (intervals from rolling origins) and the anomaly detector (one-step forecasts).
enum ForecastFittedModel: Sendable {
    case ets(ExponentialSmoothingModel)
    case seasonalNaive(seasonLength: Int)
    case mean

    var name: String {
        switch self {
        case .ets(let m): return m.name
        case .seasonalNaive: return "seasonal-naive"
        case .mean: return "mean"
        }
    }

    /// Whether errors scale with the level (so intervals are built on relative errors).
    var isMultiplicative: Bool {
        if case .ets(let m) = self { return m.season == .multiplicative }
        return false
    }

    /// Forecasts from origin after `y` for `horizon` steps, plus the rolling-origin errors
    /// `actual[t+h] − forecast_t(h)` for every origin t ≥ `firstOrigin` (by step, 0-based), scaled
    /// as the interval calibrator expects. `y` (cleaned) drives the model; `actual` (raw) is what
    /// the errors are measured against, so holidays count against the intervals as they will in
    /// the future.
    func forecastWithErrors(y: [Double], actual: [Double], horizon: Int) -> (forecast: [Double], errors: [[Double]]) {
        let n = y.count
        var errors = [[Double]](repeating: [], count: horizon)
        let relative = isMultiplicative
        @inline(__always) func record(_ h: Int, _ a: Double, _ f: Double) {
            errors[h].append(relative ? (a - f) / max(f, 1) : a - f)
        }
        switch self {
        case .ets(let model):
            var state = model.initialState
            // Errors from recent origins only (8 seasons, at least 56): volatility drifts, and on
            // real daily series this tracked coverage better than the whole history did.
            let recent = max(56, 8 * model.seasonLength)
            let firstOrigin = max(min(2 * model.seasonLength, n / 2), n - recent)
            var buffer = [Double](repeating: 0, count: horizon)
            for t in 0..<n {
                model.update(&state, observed: y[t])
                let steps = min(horizon, n - 1 - t)
                if t + 1 >= firstOrigin && steps > 0 {
                    Self.etsForecast(model, state, into: &buffer, steps: steps)
                    for h in 0..<steps { record(h, actual[t + 1 + h], buffer[h]) }
                }
            }
            return (model.forecast(from: state, horizon: horizon), errors)
        case .seasonalNaive(let m):
            // Forecast for origin t (last seen index t) and step h: y[t + h − m⌈h/m⌉].
            if n > m {
                for t in (m - 1)..<(n - 1) {
                    for h in 1...min(horizon, n - 1 - t) {
                        let back = m * ((h + m - 1) / m)
                        record(h - 1, actual[t + h], y[t + h - back])
                    }
                }
            }
            let forecast = (1...horizon).map { h in y[n - 1 + h - m * ((h + m - 1) / m)] }
            return (forecast, errors)
        case .mean:
            var sum = 0.0
            for t in 0..<n {
                sum += y[t]
                let mean = sum / Double(t + 1)
                if t + 1 < n {
                    for h in 1...min(horizon, n - 1 - t) { record(h - 1, actual[t + h], mean) }
                }
            }
            return ([Double](repeating: sum / Double(n), count: horizon), errors)
        }
    }

    /// Forecasts `horizon` steps after `y`, the series the model was fitted on or that series
    /// continued (the parameters stay; the state follows the new points).
    func forecast(after y: [Double], horizon: Int) -> [Double] {
        switch self {
        case .ets(let model):
            var state = model.initialState
            for v in y { model.update(&state, observed: v) }
            return model.forecast(from: state, horizon: horizon)
        case .seasonalNaive(let m):
            return (0..<horizon).map { step in
                let h = step + 1
                return y[y.count - 1 + h - m * ((h + m - 1) / m)]
            }
        case .mean:
            return [Double](repeating: y.reduce(0, +) / Double(max(1, y.count)), count: horizon)
        }
    }

    /// Multi-step ETS forecast into a reused buffer (no allocation per origin).
    @inline(__always)
    static func etsForecast(
        _ model: ExponentialSmoothingModel, _ state: ExponentialSmoothingModel.State, into out: inout [Double],
        steps: Int
    ) {
        let phi = model.parameters.phi
        var phiPow = 1.0, phiSum = 0.0
        let m = model.seasonLength
        for h in 0..<steps {
            phiPow *= phi
            phiSum += phiPow
            let base = state.level + (model.trend == .damped ? phiSum * state.trend : 0)
            let k = (state.time + h) % m
            switch model.season {
            case .none: out[h] = base
            case .additive: out[h] = base + state.season[k]
            case .multiplicative: out[h] = base * state.season[k]
            }
        }
    }
}
