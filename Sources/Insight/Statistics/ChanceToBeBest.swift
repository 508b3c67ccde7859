/// Probability that each variant has the largest true value, computed by quadrature rather than
/// sampling: P(i best) = ∫ fᵢ(x) ∏_{j≠i} Fⱼ(x) dx over `QuadratureGrid` panels.
///
/// Shares are normalised to sum to exactly 1 (the raw sum differs from 1 by the integration error,
/// about 1e-10), and distributions that are identical get exactly equal shares.
package enum ChanceToBeBest {
    /// From conversion-rate posteriors. One variant gets 1; none gives an empty array.
    package static func beta(_ posteriors: [BetaPosterior]) -> [Double] {
        compute(posteriors)
    }

    /// From normal approximations, e.g. revenue per visit as (mean, standard error).
    package static func normal(_ estimates: [NormalEstimate]) -> [Double] {
        compute(estimates)
    }

    /// The integrals before normalisation, whose sum's distance from 1 measures the quadrature
    /// error (for benchmarks and tests).
    package static func unnormalisedBeta(_ posteriors: [BetaPosterior]) -> [Double] {
        compute(posteriors, normalise: false)
    }

    static func compute<D: QuadratureDistribution>(_ distributions: [D], normalise: Bool = true) -> [Double] {
        let count = distributions.count
        if count == 0 { return [] }
        if count == 1 { return [1] }
        let grid = QuadratureGrid(covering: distributions)
        let densities = distributions.map { grid.densities(of: $0) }
        let cumulatives = distributions.map { grid.cumulatives(of: $0) }
        var shares = [Double](repeating: 0, count: count)
        var prefix = [Double](repeating: 1, count: count + 1)
        for node in grid.nodes.indices {
            var anyDensity = false
            for index in 0..<count where densities[index][node] > 0 {
                anyDensity = true
                break
            }
            guard anyDensity else { continue }
            // Prefix and suffix products give ∏_{j≠i} Fⱼ for every i in O(K) per node.
            for index in 0..<count { prefix[index + 1] = prefix[index] * cumulatives[index][node] }
            var suffix = 1.0
            let weight = grid.weights[node]
            for index in stride(from: count - 1, through: 0, by: -1) {
                shares[index] += weight * densities[index][node] * prefix[index] * suffix
                suffix *= cumulatives[index][node]
            }
        }
        guard normalise else { return shares }
        return normalised(shares, identities: distributions.map(\.identity))
    }

    private static func normalised(_ shares: [Double], identities: [[Double]]) -> [Double] {
        var result = shares.map { $0.isFinite ? max($0, 0) : 0 }
        // Identical distributions would differ in the last bits only through the order of the
        // products; averaging makes the tie exact.
        var groups: [[Double]: [Int]] = [:]
        for (index, identity) in identities.enumerated() { groups[identity, default: []].append(index) }
        for members in groups.values where members.count > 1 {
            let average = members.reduce(0) { $0 + result[$1] } / Double(members.count)
            for member in members { result[member] = average }
        }
        let total = result.reduce(0, +)
        guard total > 0, total.isFinite else {
            return [Double](repeating: 1 / Double(result.count), count: result.count)
        }
        return result.map { $0 / total }
    }
}
