import Foundation

/// An estimate summarised as Normal(mean, standard error²): the large-sample posterior of a
/// quantity such as revenue per visit, where a Beta does not apply.
package struct NormalEstimate: Sendable, Hashable, QuadratureDistribution {
    package let mean: Double
    /// Never zero: a zero standard error (one visit, or all visits equal) is floored at
    /// 1e-9 × max(|mean|, 1e-9) so that the estimate stays a distribution; ties between such
    /// point masses then share their chance evenly.
    package let standardError: Double

    /// - Throws: `StatisticsError.invalidValue` for a non-finite mean or a negative or non-finite
    ///   standard error.
    package init(mean: Double, standardError: Double) throws(StatisticsError) {
        guard mean.isFinite else { throw .invalidValue(name: "mean", value: mean) }
        try StatisticsError.checkCount(standardError, "standard error")
        self.mean = mean
        self.standardError = max(standardError, 1e-9 * max(abs(mean), 1e-9))
    }

    /// From per-visit sums: n visits, Σ value, Σ value². The standard error is the sample one,
    /// √(s²/n); with fewer than two visits there is none and this returns nil.
    package init?(count: Double, sum: Double, sumOfSquares: Double) {
        guard count >= 2, count.isFinite, sum.isFinite, sumOfSquares.isFinite else { return nil }
        let mean = sum / count
        let variance = max(0, (sumOfSquares - count * mean * mean) / (count - 1))
        guard let estimate = try? NormalEstimate(mean: mean, standardError: (variance / count).squareRoot())
        else { return nil }
        self = estimate
    }

    package var standardDeviation: Double { standardError }

    package func density(_ x: Double) -> Double {
        SpecialFunctions.normalDensity((x - mean) / standardError) / standardError
    }

    package func cumulative(_ x: Double) -> Double {
        SpecialFunctions.normalCDF((x - mean) / standardError)
    }

    /// Equal-tailed interval mean ± z·se.
    package func interval(level: Double = 0.95) throws(StatisticsError) -> CredibleInterval {
        try StatisticsError.checkLevel(level)
        let z = SpecialFunctions.normalQuantile(1 - (1 - level) / 2)
        return CredibleInterval(lower: mean - z * standardError, upper: mean + z * standardError)
    }

    var supportLowerBound: Double { -.infinity }
    var supportUpperBound: Double { .infinity }
    var identity: [Double] { [mean, standardError] }
}
