/// X / scale for a distribution X and a positive scale: lets the ratio CDF P(A ≤ r·B) reuse the
/// quadrature for P(A/r ≤ B).
struct ScaledDistribution<Base: QuadratureDistribution>: QuadratureDistribution {
    let base: Base
    let scale: Double

    func density(_ x: Double) -> Double { scale * base.density(scale * x) }
    func cumulative(_ x: Double) -> Double { base.cumulative(scale * x) }
    var mean: Double { base.mean / scale }
    var standardDeviation: Double { base.standardDeviation / scale }
    var supportLowerBound: Double { base.supportLowerBound / scale }
    var supportUpperBound: Double { base.supportUpperBound / scale }
    var identity: [Double] { base.identity + [scale] }
}
