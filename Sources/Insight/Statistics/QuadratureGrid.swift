/// Gauss–Legendre panels over the union of several distributions' breakpoints, so that every
/// distribution, however narrow, is resolved at its own scale (a Beta(5001, 495001) next to a
/// Beta(1, 1) gets panels two of its standard deviations wide around its mean).
struct QuadratureGrid: Sendable {
    /// Sorted quadrature nodes and their weights.
    let nodes: [Double]
    let weights: [Double]

    init(breakpoints: [Double]) {
        let ends = Array(Set(breakpoints.filter(\.isFinite))).sorted()
        let rule = GaussLegendre.panel
        var nodes: [Double] = []
        var weights: [Double] = []
        nodes.reserveCapacity(max(ends.count - 1, 0) * rule.nodes.count)
        weights.reserveCapacity(nodes.capacity)
        for index in ends.indices.dropLast() {
            let a = ends[index]
            let b = ends[index + 1]
            let half = 0.5 * (b - a)
            let middle = 0.5 * (a + b)
            guard half > 0 else { continue }
            for point in rule.nodes.indices {
                nodes.append(middle + half * rule.nodes[point])
                weights.append(half * rule.weights[point])
            }
        }
        self.nodes = nodes
        self.weights = weights
    }

    init<D: QuadratureDistribution>(covering distributions: [D]) {
        self.init(breakpoints: distributions.flatMap(\.breakpoints))
    }

    /// The density at every node, zero outside the distribution's mass range.
    func densities<D: QuadratureDistribution>(of distribution: D) -> [Double] {
        let range = distribution.massRange
        return nodes.map { range.contains($0) ? distribution.density($0) : 0 }
    }

    /// The CDF at every node, anchored by one exact evaluation at the first node in the mass
    /// range and accumulated from there by a 5-point rule over each gap between nodes. The exact
    /// Beta CDF costs O(√(a+b)) continued-fraction steps, which at 10⁵-sized counts would make
    /// this hundreds of times slower; the gaps are a fraction of a standard deviation, where the
    /// short rule is exact to rounding.
    func cumulatives<D: QuadratureDistribution>(of distribution: D) -> [Double] {
        let range = distribution.massRange
        var result = [Double](repeating: 0, count: nodes.count)
        var previous: Double?
        var value = 0.0
        let gap = GaussLegendre.gap
        for (index, x) in nodes.enumerated() {
            if x < range.lowerBound { continue }
            if x > range.upperBound {
                result[index] = 1
                continue
            }
            if let previous {
                value += gap.integrate(from: previous, to: x, distribution.density)
            } else {
                value = distribution.cumulative(x)
            }
            previous = x
            result[index] = min(max(value, 0), 1)
        }
        return result
    }
}
