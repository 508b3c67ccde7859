import Foundation

/// Sampling and tail functions the policies need; written out here because Foundation has none.
enum Distributions {
    /// Standard normal draw (Marsaglia polar method; the second value is discarded to keep the
    /// generator the only state, which keeps `decide` a pure function of the model and the rng).
    static func standardNormal(using rng: inout some RandomNumberGenerator) -> Double {
        while true {
            let u = 2 * rng.nextUnit() - 1
            let v = 2 * rng.nextUnit() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * log(s) / s).squareRoot()
            }
        }
    }

    /// Gamma(shape, 1) draw (Marsaglia–Tsang; shapes below 1 boosted by U^(1/shape)).
    static func gamma(shape: Double, using rng: inout some RandomNumberGenerator) -> Double {
        if shape < 1 {
            let u = max(rng.nextUnit(), .leastNonzeroMagnitude)
            return gamma(shape: shape + 1, using: &rng) * pow(u, 1 / shape)
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = standardNormal(using: &rng)
            let t = 1 + c * x
            if t <= 0 { continue }
            let v = t * t * t
            let u = rng.nextUnit()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if log(max(u, .leastNonzeroMagnitude)) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// Beta(a, b) draw. With both parameters large the Beta is Gaussian to within sampling noise,
    /// so one normal draw replaces two gamma draws on the hot path of a campaign with traffic.
    static func beta(_ a: Double, _ b: Double, using rng: inout some RandomNumberGenerator) -> Double {
        if a > 30 && b > 30 {
            let n = a + b
            let mean = a / n
            let sd = (mean * (1 - mean) / (n + 1)).squareRoot()
            return min(max(mean + sd * standardNormal(using: &rng), 0), 1)
        }
        let x = gamma(shape: a, using: &rng)
        let y = gamma(shape: b, using: &rng)
        let sum = x + y
        return sum > 0 ? x / sum : 0.5
    }

    /// Standard normal CDF, to about 1e-7 (Abramowitz & Stegun 26.2.17): several times cheaper
    /// than `erfc`, and propensity estimates need no more.
    static func normalCDF(_ z: Double) -> Double {
        if z < -8 { return 0 }
        if z > 8 { return 1 }
        let x = abs(z)
        let t = 1 / (1 + 0.231_641_9 * x)
        let poly =
            t * (0.319_381_530 + t * (-0.356_563_782 + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))))
        let tail = 0.398_942_280_401_432_7 * exp(-0.5 * x * x) * poly
        return z >= 0 ? 1 - tail : tail
    }
}
