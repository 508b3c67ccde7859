/// Plain (non-contextual) Thompson sampling: each variant's conversion rate has a Beta(1+c, 1+n−c)
/// posterior, and its reward is that rate times its mean value per conversion, so reported values
/// (an order worth 25) make it revenue-aware while plain conversions (value 1) leave it Bernoulli.
///
/// It reads a variant's overall statistics only (`VariantStatistics.total`), taken by value: a
/// whole `VariantStatistics` would be copied, its arrays retained, per variant per decision.
enum BetaModel {
    static func parameters(_ total: SufficientStats, inverseScale: Double) -> (
        alpha: Double, beta: Double, value: Double
    ) {
        let n = total.trials * inverseScale
        let c = min(total.conversions * inverseScale, n)
        // One pseudo-conversion worth 1 keeps the value finite before the first conversion.
        let value = (total.reward * inverseScale + 1) / (total.conversions * inverseScale + 1)
        return (1 + c, 1 + max(n - c, 0), value)
    }

    /// `sharpness` > 1 narrows the posterior (parameters multiplied, mean kept): see
    /// `HierarchicalModel.sharpness`.
    static func estimate(_ total: SufficientStats, inverseScale: Double, sharpness: Double = 1)
        -> HierarchicalModel.Estimate
    {
        var (a, b, value) = parameters(total, inverseScale: inverseScale)
        a *= sharpness
        b *= sharpness
        let mean = a / (a + b)
        let variance = a * b / ((a + b) * (a + b) * (a + b + 1))
        return .init(mean: mean * value, variance: variance * value * value)
    }

    static func sample(
        _ total: SufficientStats, inverseScale: Double, sharpness: Double = 1,
        using rng: inout some RandomNumberGenerator
    ) -> Double {
        let (a, b, value) = parameters(total, inverseScale: inverseScale)
        return Distributions.beta(a * sharpness, b * sharpness, using: &rng) * value
    }
}
