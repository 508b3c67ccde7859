/// Replaces one-off spikes and dips (holidays, a promotion, a data glitch) with a seasonal baseline
/// before a model is fitted, so that they neither inflate the fitted level nor drag the seasonal
/// profile.
///
/// The baseline of point t is the median of the same season position in the `radius` seasons before
/// and after it (t ± m, t ± 2m, …), which follows slow trends and ignores the point itself. A point
/// is an outlier when its relative deviation from the baseline is beyond `threshold` robust standard
/// deviations (1.4826 × MAD of all relative deviations) and also beyond 3 Poisson standard
/// deviations, so that low counts are not "cleaned" for ordinary noise. Relative deviations make one
/// threshold fit a series whose weekend is half its weekday.
package struct RobustSeasonalCleaner: Sendable {
    package var seasonLength: Int
    package var radius: Int
    package var threshold: Double

    package init(seasonLength: Int, radius: Int = 3, threshold: Double = 4.0) {
        self.seasonLength = max(1, seasonLength)
        self.radius = max(1, radius)
        self.threshold = threshold
    }

    package struct Result: Sendable, Equatable {
        package var values: [Double]
        package var outliers: [Int]
    }

    package func clean(_ y: [Double]) -> Result {
        let n = y.count
        let m = seasonLength
        if n < 3 { return Result(values: y, outliers: []) }
        var baseline = [Double](repeating: .nan, count: n)
        var rel = [Double]()
        rel.reserveCapacity(n)
        var buf = [Double]()
        buf.reserveCapacity(2 * radius)
        for t in 0..<n {
            buf.removeAll(keepingCapacity: true)
            for k in 1...radius {
                if t - k * m >= 0 { buf.append(y[t - k * m]) }
                if t + k * m < n { buf.append(y[t + k * m]) }
            }
            // Two neighbours cannot outvote each other; leave such points alone.
            if buf.count < 3 { continue }
            let b = RobustSeasonalCleaner.median(&buf)
            baseline[t] = b
            rel.append((y[t] - b) / max(b, 1))
        }
        if rel.count < 5 { return Result(values: y, outliers: []) }
        let center = RobustSeasonalCleaner.median(&rel)
        var dev = rel.map { abs($0 - center) }
        var scale = 1.4826 * RobustSeasonalCleaner.median(&dev)
        if scale <= 1e-12 {
            // A perfectly regular series: fall back to the mean absolute deviation so a single
            // glitch in it is still found, and do nothing if even that is zero.
            scale = 1.2533 * dev.reduce(0, +) / Double(dev.count)
            if scale <= 1e-12 { return Result(values: y, outliers: []) }
        }
        var out = y
        var outliers: [Int] = []
        for t in 0..<n where baseline[t].isFinite {
            let b = baseline[t]
            let r = (y[t] - b) / max(b, 1)
            if abs(r - center) > threshold * scale && abs(y[t] - b) > 3 * (b + 1).squareRoot() {
                out[t] = b
                outliers.append(t)
            }
        }
        return Result(values: out, outliers: outliers)
    }

    /// Median by sorting a scratch buffer in place (the buffers here are small or used once).
    static func median(_ a: inout [Double]) -> Double {
        if a.isEmpty { return .nan }
        a.sort()
        let n = a.count
        return n % 2 == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2])
    }
}
