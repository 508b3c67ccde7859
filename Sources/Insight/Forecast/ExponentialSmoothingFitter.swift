import Foundation

/// Fits the smoothing parameters of one ETS form by minimising the one-step squared error with
/// Nelder–Mead, and scores it by AIC so that forms can be compared.
///
/// Bounds are built into the parameterisation (each coordinate goes through a logistic map):
/// α ∈ [0.0001, 0.99], β ∈ (0, α), γ ∈ (0, 1 − α), φ ∈ [0.80, 0.98]. The usual admissibility
/// conditions β < α and γ < 1 − α hold for every point the optimiser can visit.
package enum ExponentialSmoothingFitter {
    package struct Fit: Sendable {
        package var model: ExponentialSmoothingModel
        package var sse: Double
        package var aic: Double
        /// Objective evaluations the optimiser used (for benchmarks).
        package var evaluations: Int
    }

    static let alphaRange = (0.0001, 0.99)
    static let phiRange = (0.80, 0.98)

    @inline(__always) static func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
    @inline(__always) static func logit(_ p: Double) -> Double { log(p / (1 - p)) }

    static func parameters(
        from x: [Double], trend: ExponentialSmoothingModel.Trend, season: ExponentialSmoothingModel.Season
    ) -> ExponentialSmoothingModel.Parameters {
        let alpha = alphaRange.0 + (alphaRange.1 - alphaRange.0) * logistic(x[0])
        var i = 1
        var beta = 0.0, phi = 1.0, gamma = 0.0
        if trend == .damped {
            beta = alpha * logistic(x[i]); i += 1
            phi = phiRange.0 + (phiRange.1 - phiRange.0) * logistic(x[i]); i += 1
        }
        if season != .none {
            gamma = (1 - alpha) * logistic(x[i])
        }
        return .init(alpha: alpha, beta: beta, gamma: gamma, phi: phi)
    }

    /// Fits one form to `y` (already cleaned of outliers). Nil when the form does not apply
    /// (multiplicative with a non-positive value, or not enough data to initialise it).
    package static func fit(
        _ y: [Double], trend: ExponentialSmoothingModel.Trend, season: ExponentialSmoothingModel.Season,
        seasonLength: Int, maxEvaluations: Int = 300, countWeighted: Bool = false,
        initialState: ExponentialSmoothingModel.State? = nil
    ) -> Fit? {
        let m = season == .none ? 1 : seasonLength
        if season == .multiplicative && !countWeighted && y.contains(where: { $0 <= 0 }) { return nil }
        guard
            let s0 = initialState
                ?? ExponentialSmoothingModel.initialState(for: y, trend: trend, season: season, seasonLength: m)
        else { return nil }
        // Start near typical values for daily counts: a slow level (α≈0.2), weak slope, modest
        // seasonal adaptation, strong damping.
        var start = [logit((0.2 - alphaRange.0) / (alphaRange.1 - alphaRange.0))]
        if trend == .damped { start += [logit(0.1), 0.5] }
        if season != .none { start.append(logit(0.1)) }
        var model = ExponentialSmoothingModel(
            trend: trend, season: season, seasonLength: m,
            parameters: .init(alpha: 0.2), initialState: s0)
        model.countWeighted = countWeighted
        let optimiser = ForecastNelderMead(maxEvaluations: maxEvaluations, tolerance: 1e-4, step: 1.0)
        let result = optimiser.minimize(start: start) { x in
            var candidate = model
            candidate.parameters = parameters(from: x, trend: trend, season: season)
            return candidate.sumOfSquaredErrors(y)
        }
        guard result.value.isFinite else { return nil }
        model.parameters = parameters(from: result.x, trend: trend, season: season)
        let n = Double(y.count)
        // Gaussian log-likelihood up to a constant; a perfect fit is floored so AIC stays finite.
        let sse = max(result.value, 1e-12 * n)
        let aic = n * log(sse / n) + 2 * Double(model.parameterCount)
        return Fit(model: model, sse: result.value, aic: aic, evaluations: result.evaluations)
    }
}
