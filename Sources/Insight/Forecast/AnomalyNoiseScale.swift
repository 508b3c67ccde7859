import Foundation

/// The spread of one-step errors as a function of the forecast μ, as for over-dispersed counts:
/// Var(e) = c · (max(μ, 0.5) + k·μ²). Poisson-like at low counts, proportional at high counts,
/// which is how scan counts behave. k and c are calibrated on past errors so that the standardised
/// errors have a robust standard deviation (1.4826 × MAD) of one.
///
/// Scores (`score(_:forecast:)`) are taken on the variance-stabilised scale of that model,
/// g(y) = 2·asinh(√(k·y))/√k (2√y when k = 0): there a count's noise is about as wide below
/// the forecast as above it. On the raw scale proportional noise is skewed, so one threshold
/// is too lax for spikes (a long upper tail) and too strict for drops (a 40% drop of a series
/// with 20% noise is only two raw standard deviations).
struct AnomalyNoiseScale: Sendable {
    var k: Double
    var c: Double
    /// Robust standard deviation of g(observed) − g(forecast) on the calibration errors.
    var stabilisedSD: Double

    func sd(_ mu: Double) -> Double { (c * (max(mu, 0.5) + k * mu * mu)).squareRoot() }

    /// The variance-stabilising transform for Var(y) ∝ y + k·y².
    func stabilised(_ y: Double) -> Double {
        let y = max(0, y) + 0.375
        return k > 1e-9 ? 2 * asinh((k * y).squareRoot()) / k.squareRoot() : 2 * y.squareRoot()
    }

    /// Standardised error of `y` against forecast `mu` on the stabilised scale: about N(0, 1)
    /// for normal traffic, negative below the forecast.
    func score(_ y: Double, forecast mu: Double) -> Double {
        (stabilised(y) - stabilised(mu)) / stabilisedSD
    }

    /// Calibrates on past observations and what they were compared with: `references[i]` is
    /// the forecast of `observed[i]` (or, with too little history for a model, the same point a
    /// season earlier), `means[i]` the level the noise scales with, and `factor` rescales the
    /// differences to one-step forecast errors. With fewer than 8 pairs it assumes a
    /// Poisson-like spread with 20% extra proportional noise: conservative for counts.
    static func calibrate(
        observed: [Double], references: [Double], means: [Double], factor: Double = 1
    ) -> AnomalyNoiseScale {
        let n = min(observed.count, references.count, means.count)
        // On the stabilised scale the model's variance is c: an sd of 1 here.
        if n < 8 { return AnomalyNoiseScale(k: 0.04, c: 1, stabilisedSD: 1) }
        var z = [Double](repeating: 0, count: n)
        func robustSD(_ k: Double) -> Double {
            for i in 0..<n {
                let e = (observed[i] - references[i]) * factor
                z[i] = abs(e) / (max(means[i], 0.5) + k * means[i] * means[i]).squareRoot()
            }
            return 1.4826 * RobustSeasonalCleaner.median(&z)
        }
        var k = 0.0
        if robustSD(0) > 1 {
            // Find k with robustSD(k) = 1 by bisection on log k (robustSD falls as k grows).
            var lo = 1e-8, hi = 10.0
            if robustSD(hi) > 1 {
                k = hi
            } else {
                // 24 halvings of a 21-unit log range: k to within 0.0001% — plenty for a scale.
                for _ in 0..<24 {
                    let mid = (lo * hi).squareRoot()
                    if robustSD(mid) > 1 { lo = mid } else { hi = mid }
                }
                k = hi
            }
        }
        // Median of |z| is centred, not the MAD about the median: errors are assumed unbiased, and
        // a bias (the model lagging a trend) should widen the band rather than be forgiven.
        let s = robustSD(k)
        let c = s > 0 && s.isFinite ? s * s : 1
        var scale = AnomalyNoiseScale(k: k, c: c, stabilisedSD: 1)
        for i in 0..<n {
            z[i] = abs(scale.stabilised(observed[i]) - scale.stabilised(references[i])) * factor
        }
        let v = 1.4826 * RobustSeasonalCleaner.median(&z)
        // A perfectly regular history has no spread: fall back to Poisson's (1 on this scale).
        scale.stabilisedSD = v > 1e-9 && v.isFinite ? v : 1
        return scale
    }
}
