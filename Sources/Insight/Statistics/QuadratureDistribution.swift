/// A one-dimensional distribution that the quadrature in `ChanceToBeBest` and `RelativeUplift` can
/// integrate: its density, an exact CDF (called once per integral to anchor an accumulated one),
/// and where its mass lies.
protocol QuadratureDistribution: Sendable {
    func density(_ x: Double) -> Double
    func cumulative(_ x: Double) -> Double
    var mean: Double { get }
    var standardDeviation: Double { get }
    /// The support's ends (may be infinite).
    var supportLowerBound: Double { get }
    var supportUpperBound: Double { get }
    /// Values that make two distributions the same, so identical ones can share exactly.
    var identity: [Double] { get }
}

extension QuadratureDistribution {
    /// Multiples of the standard deviation where panels break. Fine near the centre, coarse in
    /// the tails; ±40 sd bounds the mass: even Beta(1, n), the most skewed posterior a 1/1 prior
    /// gives, has under e⁻⁴⁰ beyond it.
    static var breakpointMultiples: [Double] { [-40, -16, -8, -4, -2, 0, 2, 4, 8, 16, 40] }

    /// The interval holding all but a negligible part of the mass.
    var massRange: ClosedRange<Double> {
        let sd = max(standardDeviation, 1e-300)
        let low = max(supportLowerBound, mean - 40 * sd)
        let high = min(supportUpperBound, mean + 40 * sd)
        return low <= high ? low...high : mean...mean
    }

    /// Panel ends for this distribution, inside its mass range.
    var breakpoints: [Double] {
        let range = massRange
        var points = [range.lowerBound, range.upperBound]
        for multiple in Self.breakpointMultiples {
            let point = mean + multiple * standardDeviation
            if point > range.lowerBound && point < range.upperBound { points.append(point) }
        }
        return points
    }
}
