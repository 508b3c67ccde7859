import Foundation

/// Relative uplift of a treatment's conversion rate over a baseline's, rateA/rateB − 1.
///
/// Method: the exact posterior of the ratio R = A/B of two independent Beta posteriors. Its CDF
/// G(r) = P(A ≤ r·B) = ∫ f_B(y) F_A(r·y) dy is computed by the same Gauss–Legendre quadrature as
/// `ChanceToBeBest`, and the quantiles by Illinois-safeguarded root finding on log r. No
/// large-sample approximation, so it stays right with few conversions; the delta method on
/// log R only seeds the bracket.
package struct RelativeUplift: Sendable, Hashable {
    /// Observed rates' ratio − 1; nil when either side has no impressions or the baseline has no
    /// conversions (a division by zero, not a number to print).
    package let observed: Double?
    /// Posterior median of rateA/rateB − 1 (defined even without conversions, through the prior).
    package let median: Double
    /// Lower end of the equal-tailed credible interval; always > −1.
    package let lower: Double
    /// Upper end; nil means unbounded: with no baseline conversions the upper tail of A/B is set
    /// by the prior alone, so any finite figure would be an artefact.
    package let upper: Double?
    /// Posterior probability that the treatment's rate exceeds the baseline's.
    package let chanceTreatmentIsBetter: Double
    package let level: Double

    package init(
        treatment: BetaPosterior, baseline: BetaPosterior, level: Double = 0.95
    ) throws(StatisticsError) {
        try StatisticsError.checkLevel(level)
        let treatmentTrials = treatment.successes + treatment.failures
        let baselineTrials = baseline.successes + baseline.failures
        if treatmentTrials > 0, baselineTrials > 0, baseline.successes > 0 {
            observed = (treatment.successes / treatmentTrials) / (baseline.successes / baselineTrials) - 1
        } else {
            observed = nil
        }
        let ratio = RatioDistribution(numerator: treatment, denominator: baseline)
        let tail = (1 - level) / 2
        median = ratio.quantile(0.5) - 1
        lower = ratio.quantile(tail) - 1
        upper = baseline.successes > 0 ? ratio.quantile(1 - tail) - 1 : nil
        chanceTreatmentIsBetter = SpecialFunctions.clampUnit(1 - ratio.cumulative(1))
        self.level = level
    }
}

/// The distribution of A/B for independent posteriors A and B on (0, 1).
struct RatioDistribution: Sendable {
    let numerator: BetaPosterior
    let denominator: BetaPosterior

    /// G(r) = P(A/B ≤ r) = P(A/r ≤ B).
    func cumulative(_ r: Double) -> Double {
        guard r > 0 else { return 0 }
        guard r.isFinite else { return 1 }
        let scaled = ScaledDistribution(base: numerator, scale: r)
        let range = denominator.massRange
        let points = (denominator.breakpoints + scaled.breakpoints)
            .filter { range.contains($0) }
        let grid = QuadratureGrid(breakpoints: points)
        let densities = grid.densities(of: denominator)
        let cumulatives = grid.cumulatives(of: scaled)
        var sum = 0.0
        for index in grid.nodes.indices {
            sum += grid.weights[index] * densities[index] * cumulatives[index]
        }
        return SpecialFunctions.clampUnit(sum)
    }

    /// The r with G(r) = p, found on t = ln r, to about 1e-9 in t.
    func quantile(_ p: Double) -> Double {
        // Delta-method seed: ln(A/B) ≈ Normal(ln μA − ln μB, σA²/μA² + σB²/μB²).
        let center = log(numerator.mean) - log(denominator.mean)
        let spread = max(
            (numerator.variance / (numerator.mean * numerator.mean)
                + denominator.variance / (denominator.mean * denominator.mean)).squareRoot(), 1e-6)
        func excess(_ t: Double) -> Double { cumulative(exp(t)) - p }
        var step = 8 * spread
        var low = center - step
        var high = center + step
        var lowValue = excess(low)
        var highValue = excess(high)
        // Widen until the root is bracketed; ln r beyond ±700 would overflow exp.
        while lowValue > 0 && low > -700 {
            step *= 2
            high = low
            highValue = lowValue
            low = max(center - step, -700)
            lowValue = excess(low)
        }
        while highValue < 0 && high < 700 {
            step *= 2
            low = high
            lowValue = highValue
            high = min(center + step, 700)
            highValue = excess(high)
        }
        guard lowValue <= 0, highValue >= 0 else { return exp(lowValue > 0 ? low : high) }
        // Illinois false position: superlinear, but never leaves the bracket.
        var side = 0
        for _ in 0..<100 where high - low > 1e-10 {
            let t = (low * highValue - high * lowValue) / (highValue - lowValue)
            let next = t.isFinite && t > low && t < high ? t : 0.5 * (low + high)
            let value = excess(next)
            if value == 0 { return exp(next) }
            if value < 0 {
                low = next
                lowValue = value
                if side == -1 { highValue *= 0.5 }
                side = -1
            } else {
                high = next
                highValue = value
                if side == 1 { lowValue *= 0.5 }
                side = 1
            }
        }
        return exp(0.5 * (low + high))
    }
}
