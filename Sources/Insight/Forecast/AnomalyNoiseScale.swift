import Foundation

/// The spread of one-step errors as a function of the forecast μ, as for over-dispersed counts:
/// Var(e) = c · (max(μ, 0.5) + k·μ²). Poisson-like at low counts, proportional at high counts,
/// which is how scan counts behave. k and c are calibrated on past errors so that the standardised
/// errors have a robust standard deviation (1.4826 × MAD) of one.
struct AnomalyNoiseScale: Sendable {
    var k: Double
    var c: Double

    func sd(_ mu: Double) -> Double { (c * (max(mu, 0.5) + k * mu * mu)).squareRoot() }

    /// Calibrates on (error, forecast) pairs. With fewer than 8 pairs it assumes a Poisson-like
    /// spread with 20% extra proportional noise: conservative for counts.
    static func calibrate(errors: [Double], forecasts: [Double]) -> AnomalyNoiseScale {
        let n = min(errors.count, forecasts.count)
        if n < 8 { return AnomalyNoiseScale(k: 0.04, c: 1) }
        var z = [Double](repeating: 0, count: n)
        func robustSD(_ k: Double) -> Double {
            for i in 0..<n {
                z[i] = abs(errors[i]) / (max(forecasts[i], 0.5) + k * forecasts[i] * forecasts[i]).squareRoot()
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
        return AnomalyNoiseScale(k: k, c: c)
    }
}
