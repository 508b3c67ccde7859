import Foundation

/// Forgetting chosen from the data, for the `adaptive` policy's overall rates: rates that drift
/// over weeks are followed without a hand-set half-life, and stationary campaigns forget nothing.
///
/// Each variant's overall sums are kept under a few forgetting rates at once: none, and half-lives
/// of `halfLives` impressions of the whole site. Each rate is scored by how well it predicted the
/// reward of the traffic that came next: Σ (reward − prediction)² over impressions, kept as
/// Σ prediction² − 2 Σ reward × prediction (Σ reward² is the same for every rate), each prediction
/// made before the outcome it is scored on is counted. The policy reads its overall rate and value
/// from the rate that has predicted best so far. A campaign whose rates stand still is usually
/// predicted best by all of its evidence (and a window chosen there by chance only costs some
/// extra exploration); one whose rates move, by a window that keeps up with them.
///
/// Only the overall rates forget: context effects keep all their evidence, since a segment is
/// seen far less often than the whole site and a half-life on every statistic loses 7–8 points of
/// the oracle on the context campaigns. `DriftMonitor` still handles abrupt changes.
///
/// Every field is a sum or a scale, so two servers' windows merge by adding, as the rest does.
struct ForgettingWindows: Sendable, Equatable {
    /// Half-lives tried besides no forgetting, in impressions of the whole site. A slow drift over
    /// 10,000–16,000 visitors is followed by both; 2000 also catches a leader's fall that the
    /// change detector's margin misses.
    static let halfLives: [Double] = [2000, 5000]
    /// Per window, the factor by which each impression's evidence outweighs the previous one's.
    static let growth: [Double] = [1] + halfLives.map { pow(2, 1 / $0) }
    static var windowCount: Int { growth.count }

    /// Per window, the weight of the next piece of evidence (divide the sums by it).
    var scales: [Double]
    /// `sums[window][variant]`: the variant's overall statistics under that window's forgetting.
    var sums: [[SufficientStats]]
    /// Per window, Σ prediction² − 2 Σ reward × prediction: lower predicted better.
    var scores: [Double]
    /// The window the policy reads (0: no forgetting).
    var chosen = 0

    init(variantCount: Int) {
        scales = Array(repeating: 1, count: Self.windowCount)
        sums = Array(repeating: Array(repeating: SufficientStats(), count: variantCount), count: Self.windowCount)
        scores = Array(repeating: 0, count: Self.windowCount)
    }

    /// A window's predicted reward per impression for a variant, its mean shrunk to the pooled
    /// mean by one impression.
    @inline(__always)
    func prediction(window w: Int, arm: Int, poolMean: Double) -> Double {
        let inverse = 1 / scales[w]
        let s = sums[w][arm]
        return (s.reward * inverse + poolMean) / (s.trials * inverse + 1)
    }

    mutating func recordImpression(arm: Int, poolMean: Double) {
        guard arm < sums[0].count else { return }
        for w in 0..<Self.windowCount {
            let m = prediction(window: w, arm: arm, poolMean: poolMean)
            scores[w] += m * m
            scales[w] *= Self.growth[w]
            sums[w][arm].trials += scales[w]
            if scales[w] > 1e100 {
                let f = 1 / scales[w]
                for a in sums[w].indices { sums[w][a] = sums[w][a].scaled(by: f) }
                scales[w] = 1
            }
        }
        choose()
    }

    mutating func recordReward(arm: Int, reward: Double, poolMean: Double) {
        guard arm < sums[0].count else { return }
        for w in 0..<Self.windowCount {
            scores[w] -= 2 * reward * prediction(window: w, arm: arm, poolMean: poolMean)
            let s = scales[w]
            sums[w][arm].add(
                SufficientStats(trials: 0, conversions: s, reward: s * reward, rewardSquares: s * reward * reward))
        }
    }

    /// The best-scoring window; ties go to the least forgetting.
    mutating func choose() {
        var best = 0
        for w in 1..<Self.windowCount where scores[w] < scores[best] { best = w }
        chosen = best
    }

    /// Another server's windows added (servers merged), each in this one's clock.
    mutating func add(_ other: ForgettingWindows, mapping: [Int?]) {
        guard other.scales.count == scales.count else { return }
        for w in scales.indices {
            let f = scales[w] / other.scales[w]
            for (b, a) in mapping.enumerated() {
                guard let a, b < other.sums[w].count else { continue }
                sums[w][a].add(other.sums[w][b], times: f)
            }
            scores[w] += other.scores[w]
        }
        choose()
    }
}
