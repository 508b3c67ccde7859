import Foundation

/// Posterior of a conversion rate: Beta(prior successes + successes, prior failures + failures).
/// The default prior 1/1 is uniform, so a variant with no data is Beta(1, 1).
package struct BetaPosterior: Sendable, Hashable, QuadratureDistribution {
    /// Observed successes and failures, without the prior.
    package let successes: Double
    package let failures: Double
    package let alpha: Double
    package let beta: Double
    /// ln B(α, β), kept so that the density, evaluated thousands of times per quadrature, costs
    /// two logarithms and an exponential.
    let logNormalizer: Double

    /// - Throws: `StatisticsError.invalidValue` for negative or non-finite counts or a prior ≤ 0.
    package init(
        successes: Double, failures: Double, priorSuccesses: Double = 1, priorFailures: Double = 1
    ) throws(StatisticsError) {
        try StatisticsError.checkCount(successes, "successes")
        try StatisticsError.checkCount(failures, "failures")
        guard priorSuccesses > 0, priorSuccesses.isFinite else {
            throw .invalidValue(name: "prior successes", value: priorSuccesses)
        }
        guard priorFailures > 0, priorFailures.isFinite else {
            throw .invalidValue(name: "prior failures", value: priorFailures)
        }
        self.successes = successes
        self.failures = failures
        alpha = priorSuccesses + successes
        beta = priorFailures + failures
        logNormalizer = SpecialFunctions.logBeta(alpha, beta)
    }

    /// From a variant's counts: successes = conversions, failures = impressions − conversions.
    package init(conversions: Int, impressions: Int) throws(StatisticsError) {
        guard conversions >= 0 else { throw .invalidValue(name: "conversions", value: Double(conversions)) }
        guard conversions <= impressions else {
            throw .conversionsExceedImpressions(conversions: conversions, impressions: impressions)
        }
        try self.init(successes: Double(conversions), failures: Double(impressions - conversions))
    }

    package var mean: Double { alpha / (alpha + beta) }

    package var variance: Double {
        let total = alpha + beta
        return alpha * beta / (total * total * (total + 1))
    }

    package var standardDeviation: Double { variance.squareRoot() }

    /// The rate below which the posterior puts probability `p`.
    package func quantile(_ p: Double) -> Double {
        SpecialFunctions.inverseRegularizedIncompleteBeta(p, a: alpha, b: beta)
    }

    /// Equal-tailed credible interval: (1 − level)/2 of the posterior on each side.
    package func interval(level: Double = 0.95) throws(StatisticsError) -> CredibleInterval {
        try StatisticsError.checkLevel(level)
        let tail = (1 - level) / 2
        return CredibleInterval(lower: quantile(tail), upper: quantile(1 - tail))
    }

    /// The density; for huge α, β the two products are ~10⁵ in size and cancel to a few units,
    /// which costs about 1e-11 relative, well inside what the quadrature needs.
    package func density(_ x: Double) -> Double {
        guard x > 0, x < 1 else { return 0 }
        let left = alpha == 1 ? 0 : (alpha - 1) * log(x)
        let right = beta == 1 ? 0 : (beta - 1) * log1p(-x)
        let value = exp(left + right - logNormalizer)
        return value.isFinite ? value : .greatestFiniteMagnitude
    }

    package func cumulative(_ x: Double) -> Double {
        SpecialFunctions.regularizedIncompleteBeta(x, a: alpha, b: beta)
    }

    var supportLowerBound: Double { 0 }
    var supportUpperBound: Double { 1 }
    var identity: [Double] { [alpha, beta] }
}

/// A two-sided interval with finite ends.
package struct CredibleInterval: Sendable, Hashable {
    package var lower: Double
    package var upper: Double
}
