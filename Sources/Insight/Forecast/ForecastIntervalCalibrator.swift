import Foundation

/// Turns rolling-origin forecast errors into prediction intervals, conformal style: the interval for
/// step h is the point forecast plus empirical quantiles of the errors the same model made h steps
/// ahead from every earlier origin (measured against the raw series, holidays included), with the
/// finite-sample (n + 1) correction. Nothing assumes Gaussian errors.
///
/// Errors are relative to the forecast (e / max(forecast, 1)) for multiplicative models, whose noise
/// grows with the level, and absolute otherwise. Steps with fewer than `minSamples` errors borrow
/// the last well-sampled step's quantiles, widened by √(h / h₀); with none at all a Gaussian band
/// from `fallbackSigma` is used.
struct ForecastIntervalCalibrator: Sendable {
    struct Band: Sendable { var lower95, lower80, upper80, upper95: Double }

    static let minSamples = 20
    var relative: Bool
    var bands: [Band?]
    var fallbackSigma: Double

    init(errors: [[Double]], relative: Bool, fallbackSigma: Double) {
        self.relative = relative
        self.fallbackSigma = fallbackSigma.isFinite ? max(0, fallbackSigma) : 0
        var bands: [Band?] = errors.map { e in
            guard e.count >= ForecastIntervalCalibrator.minSamples else { return nil }
            let s = e.sorted()
            return Band(
                lower95: Self.lowerQuantile(s, 0.025), lower80: Self.lowerQuantile(s, 0.10),
                upper80: Self.upperQuantile(s, 0.90), upper95: Self.upperQuantile(s, 0.975))
        }
        // Uncertainty does not shrink with the horizon: a later step is at least as wide as an
        // earlier one. Per-step quantiles from a few dozen origins are noisy, and without this
        // the long steps came out too narrow on real series (coverage fell with the step).
        for h in bands.indices.dropFirst() {
            guard let prev = bands[h - 1], var b = bands[h] else { continue }
            b.lower95 = min(b.lower95, prev.lower95); b.lower80 = min(b.lower80, prev.lower80)
            b.upper80 = max(b.upper80, prev.upper80); b.upper95 = max(b.upper95, prev.upper95)
            bands[h] = b
        }
        self.bands = bands
    }

    /// ⌈(n+1)q⌉-th smallest: the conformal upper bound.
    static func upperQuantile(_ s: [Double], _ q: Double) -> Double {
        let k = Int((Double(s.count + 1) * q).rounded(.up)) - 1
        return s[min(max(k, 0), s.count - 1)]
    }

    /// ⌊(n+1)q⌋-th smallest: the conformal lower bound.
    static func lowerQuantile(_ s: [Double], _ q: Double) -> Double {
        let k = Int((Double(s.count + 1) * q).rounded(.down)) - 1
        return s[min(max(k, 0), s.count - 1)]
    }

    /// The band for 0-based step `h` around `forecast`, clamped to be nested, to contain the point
    /// forecast, and to be ≥ 0 (counts).
    func point(step h: Int, forecast f: Double) -> ForecastPoint {
        let value = max(0, f)
        var band: Band
        if h < bands.count, let b = bands[h] {
            band = b
        } else if let last = bands.lastIndex(where: { $0 != nil }), let b = bands[last] {
            let w = (Double(h + 1) / Double(last + 1)).squareRoot()
            band = Band(lower95: b.lower95 * w, lower80: b.lower80 * w, upper80: b.upper80 * w, upper95: b.upper95 * w)
        } else {
            let sd = fallbackSigma * Double(h + 1).squareRoot()
            band = Band(lower95: -1.96 * sd, lower80: -1.2816 * sd, upper80: 1.2816 * sd, upper95: 1.96 * sd)
        }
        let scale = relative ? max(f, 1) : 1
        var l80 = f + scale * band.lower80, u80 = f + scale * band.upper80
        var l95 = f + scale * band.lower95, u95 = f + scale * band.upper95
        l80 = max(0, min(l80, value)); u80 = max(u80, value)
        l95 = max(0, min(l95, l80)); u95 = max(u95, u80)
        return ForecastPoint(step: h + 1, value: value, lower80: l80, upper80: u80, lower95: l95, upper95: u95)
    }
}
