import Foundation

/// Gauss–Legendre nodes and weights on [−1, 1], computed once by Newton's method on Pₙ (exact
/// for polynomials of degree 2n − 1; the integrands here are smooth on each panel).
struct GaussLegendre: Sendable {
    let nodes: [Double]
    let weights: [Double]

    /// The panel rule used for integrals over a posterior's mass.
    static let panel = GaussLegendre(points: 16)
    /// A short rule for the small gaps between panel nodes when accumulating a CDF.
    static let gap = GaussLegendre(points: 5)

    init(points: Int) {
        var nodes = [Double](repeating: 0, count: points)
        var weights = [Double](repeating: 0, count: points)
        let n = Double(points)
        for index in 0..<(points + 1) / 2 {
            var x = cos(Double.pi * (Double(index) + 0.75) / (n + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                var p0 = 1.0
                var p1 = x
                for order in 2...max(points, 2) {
                    let k = Double(order)
                    let p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k
                    p0 = p1
                    p1 = p2
                }
                derivative = n * (x * p1 - p0) / (x * x - 1)
                let step = p1 / derivative
                x -= step
                if abs(step) < 1e-16 { break }
            }
            nodes[index] = -x
            nodes[points - 1 - index] = x
            let weight = 2 / ((1 - x * x) * derivative * derivative)
            weights[index] = weight
            weights[points - 1 - index] = weight
        }
        self.nodes = nodes
        self.weights = weights
    }

    /// ∫ₐᵇ f by this rule.
    func integrate(from a: Double, to b: Double, _ f: (Double) -> Double) -> Double {
        let half = 0.5 * (b - a)
        let middle = 0.5 * (a + b)
        var sum = 0.0
        for index in nodes.indices { sum += weights[index] * f(middle + half * nodes[index]) }
        return sum * half
    }
}
