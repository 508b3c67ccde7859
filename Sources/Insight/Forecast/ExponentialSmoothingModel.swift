import Foundation

/// An additive-error exponential smoothing model (the ETS family, Hyndman et al. 2008) with no or
/// damped trend and no, additive or multiplicative seasonality: ets(A,N,N), ets(A,Ad,N),
/// ets(A,N,A), ets(A,Ad,A), ets(A,N,M), ets(A,Ad,M).
///
/// Recursions, with μ the one-step forecast and e = y − μ (s is the seasonal term m steps back):
/// - additive season:       μ = ℓ + φb + s,    ℓ' = ℓ + φb + αe,    b' = φb + βe,    s' = s + γe
/// - multiplicative season: μ = (ℓ + φb)·s,    ℓ' = ℓ + φb + αe/s,  b' = φb + βe/s,  s' = s + γe/(ℓ + φb)
/// - no season: as additive with s = 0 and γ unused; no trend: b = 0 and φ, β unused.
/// Initial states come from the first seasons (not optimised) to keep the fit to ≤ 4 parameters,
/// which is what makes 10,000 series a second-scale job.
package struct ExponentialSmoothingModel: Sendable, Equatable {
    package enum Trend: String, Sendable, CaseIterable { case none = "N", damped = "Ad" }
    package enum Season: String, Sendable, CaseIterable { case none = "N", additive = "A", multiplicative = "M" }

    package struct Parameters: Sendable, Equatable {
        package var alpha: Double
        package var beta: Double
        package var gamma: Double
        package var phi: Double
        package init(alpha: Double, beta: Double = 0, gamma: Double = 0, phi: Double = 1) {
            self.alpha = alpha
            self.beta = beta
            self.gamma = gamma
            self.phi = phi
        }
    }

    /// The filter state after `time` observations. `season[k]` holds the seasonal term for every
    /// time t with t % m == k, overwritten as each new one is estimated.
    package struct State: Sendable, Equatable {
        package var level: Double
        package var trend: Double
        package var season: [Double]
        package var time: Int
    }

    package var trend: Trend
    package var season: Season
    package var seasonLength: Int
    package var parameters: Parameters
    package var initialState: State
    /// Count-weighted multiplicative updates: the level and slope move by αe and βe instead of
    /// αe/s and βe/s. For hourly counts with quiet nights (s ≈ 0.05) the textbook e/s turns a
    /// night's Poisson noise into a huge level jump; αe is the Poisson-likelihood gradient step,
    /// so each hour moves the level in proportion to the information it carries. Zeros in the
    /// data are then fine. Used by the anomaly detector; forecasting uses the textbook form.
    package var countWeighted = false

    /// "ets(A,Ad,M)" and the like, as the API reports the model.
    package var name: String {
        "ets(A,\(trend.rawValue),\(season.rawValue))"
            + (countWeighted && season == .multiplicative ? " count-weighted" : "")
    }

    /// Number of estimated quantities, for AIC: smoothing parameters plus initial states.
    var parameterCount: Int {
        var k = 1 + 1  // alpha, level
        if trend == .damped { k += 3 }  // beta, phi, initial slope
        if season != .none { k += 1 + (seasonLength - 1) }  // gamma, m−1 free seasonal states
        return k
    }

    package init(trend: Trend, season: Season, seasonLength: Int, parameters: Parameters, initialState: State) {
        self.trend = trend
        self.season = season
        self.seasonLength = season == .none ? 1 : max(1, seasonLength)
        self.parameters = parameters
        self.initialState = initialState
    }

    /// Builds the initial state from the first seasons of `y`: level = mean of the first season,
    /// slope = change of seasonal means per step (damped models only), seasonal terms = average
    /// deviation (or ratio) of each position from its season's mean, normalised. Nil when the
    /// data cannot support it (multiplicative seasonality with a zero season mean).
    package static func initialState(for y: [Double], trend: Trend, season: Season, seasonLength: Int) -> State? {
        let n = y.count
        guard n > 0 else { return nil }
        if season == .none {
            let k = min(n, 10)
            let head = y[0..<k]
            let mean = head.reduce(0, +) / Double(k)
            var slope = 0.0
            if trend == .damped && k >= 4 {
                let half = k / 2
                let a = y[0..<half].reduce(0, +) / Double(half)
                let b = y[half..<(2 * half)].reduce(0, +) / Double(half)
                slope = (b - a) / Double(half)
            }
            return State(level: mean - slope * Double(k - 1) / 2, trend: slope, season: [0], time: 0)
        }
        let m = max(1, seasonLength)
        let seasons = min(n / m, 4)
        guard seasons >= 1 else { return nil }
        var means = [Double](repeating: 0, count: seasons)
        for k in 0..<seasons {
            var s = 0.0
            for j in 0..<m { s += y[k * m + j] }
            means[k] = s / Double(m)
        }
        var slope = 0.0
        if trend == .damped && seasons >= 2 {
            slope = (means[seasons - 1] - means[0]) / Double((seasons - 1) * m)
        }
        var s = [Double](repeating: 0, count: m)
        for j in 0..<m {
            var acc = 0.0
            for k in 0..<seasons {
                // Remove the within-season slope so a trend does not leak into the profile.
                let local = means[k] + slope * (Double(j) - Double(m - 1) / 2)
                if season == .additive {
                    acc += y[k * m + j] - local
                } else {
                    guard local > 0 else { return nil }
                    acc += y[k * m + j] / local
                }
            }
            s[j] = acc / Double(seasons)
        }
        if season == .additive {
            let c = s.reduce(0, +) / Double(m)
            for j in 0..<m { s[j] -= c }
        } else {
            let c = s.reduce(0, +) / Double(m)
            guard c > 0 else { return nil }
            for j in 0..<m { s[j] /= c }
        }
        let level = means[0] - slope * Double(m - 1) / 2 - slope
        return State(level: level, trend: slope, season: s, time: 0)
    }

    /// One-step forecast from `state` for time `state.time`.
    @inline(__always)
    package func predict(_ state: State) -> Double {
        let base = state.level + parameters.phi * state.trend
        switch season {
        case .none: return base
        case .additive: return base + state.season[state.time % seasonLength]
        case .multiplicative: return base * state.season[state.time % seasonLength]
        }
    }

    /// Feeds observation `y` for time `state.time` into the state and advances the clock.
    @inline(__always)
    package func update(_ state: inout State, observed y: Double) {
        let p = parameters
        let k = state.time % seasonLength
        let base = state.level + p.phi * state.trend
        switch season {
        case .none, .additive:
            let s = season == .none ? 0 : state.season[k]
            let e = y - (base + s)
            state.level = base + p.alpha * e
            if trend == .damped { state.trend = p.phi * state.trend + p.beta * e }
            if season == .additive { state.season[k] = s + p.gamma * e }
        case .multiplicative:
            let s = state.season[k]
            let e = y - base * s
            let w = countWeighted ? 1 : s
            state.level = base + p.alpha * e / w
            if trend == .damped { state.trend = p.phi * state.trend + p.beta * e / w }
            // Floors keep a factor or level that noise pushed to zero able to recover.
            if countWeighted {
                state.season[k] = max(0, s + p.gamma * e / max(base, 1e-9))
                state.level = max(state.level, 1e-9)
            } else {
                state.season[k] = s + p.gamma * e / base
            }
        }
        state.time += 1
    }

    /// Forecasts for times `state.time …  state.time + horizon − 1`.
    package func forecast(from state: State, horizon: Int) -> [Double] {
        var out = [Double](repeating: 0, count: max(0, horizon))
        var phiSum = 0.0, phiPow = 1.0
        for h in 0..<out.count {
            phiPow *= parameters.phi
            phiSum += phiPow
            let base = state.level + (trend == .damped ? phiSum * state.trend : 0)
            let k = (state.time + h) % seasonLength
            switch season {
            case .none: out[h] = base
            case .additive: out[h] = base + state.season[k]
            case .multiplicative: out[h] = base * state.season[k]
            }
        }
        return out
    }

    /// Sum of squared one-step errors over `y`, +inf if the filter blows up. This is the objective
    /// of the fit and runs a few hundred times per series, hence the raw buffers, a stack copy of
    /// the seasonal ring and a loop free of closures' captured state.
    package func sumOfSquaredErrors(_ y: [Double]) -> Double {
        let m = seasonLength
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, initialState.season.count)) { sp in
            for i in 0..<initialState.season.count { sp[i] = initialState.season[i] }
            return y.withUnsafeBufferPointer { yp in
                Self.sse(
                    yp, sp, m: m, season: season, damped: trend == .damped, countWeighted: countWeighted,
                    level: initialState.level, slope: trend == .damped ? initialState.trend : 0, p: parameters)
            }
        }
    }

    private static func sse(
        _ yp: UnsafeBufferPointer<Double>, _ sp: UnsafeMutableBufferPointer<Double>, m: Int, season: Season,
        damped: Bool, countWeighted: Bool, level l0: Double, slope b0: Double, p: Parameters
    ) -> Double {
        var level = l0, slope = b0
        let phi = damped ? p.phi : 1
        let alpha = p.alpha, beta = damped ? p.beta : 0, gamma = p.gamma
        let bound = 1e12
        var sse = 0.0
        var k = 0
        for t in 0..<yp.count {
            let base = level + phi * slope
            let e: Double
            switch season {
            case .none:
                e = yp[t] - base
                level = base + alpha * e
                slope = phi * slope + beta * e
            case .additive:
                let st = sp[k]
                e = yp[t] - base - st
                level = base + alpha * e
                slope = phi * slope + beta * e
                sp[k] = st + gamma * e
            case .multiplicative:
                let st = sp[k]
                // A non-positive base or factor makes a multiplicative model meaningless.
                if !(base > 0 && (st > 0 || (countWeighted && st >= 0))) { return .infinity }
                // 1/s is known before this step's error: multiplying by it keeps the division off
                // the level's dependency chain, which bounds the speed of this loop.
                let inv = countWeighted ? 1 : 1 / st
                e = yp[t] - base * st
                level = base + alpha * e * inv
                slope = phi * slope + beta * e * inv
                if countWeighted {
                    sp[k] = max(0, st + gamma * e / base)
                    level = max(level, 1e-9)
                } else {
                    sp[k] = st + gamma * e / base
                }
            }
            sse += e * e
            k += 1
            if k == m { k = 0 }
            if !(abs(level) < bound) { return .infinity }
        }
        return sse
    }
}
