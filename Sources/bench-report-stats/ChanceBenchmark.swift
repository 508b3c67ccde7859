import Foundation
import Insight

/// Quadrature against a 10⁵-draw Monte Carlo over random posterior sets.
struct ChanceBenchmark {
    struct Outcome {
        var sets = 0
        var comparisons = 0
        var maxDifference = 0.0
        var maxStandardisedDifference = 0.0
        var within = 0
        var quadratureSeconds = 0.0
        var monteCarloSeconds = 0.0
        var maxSumError = 0.0
    }

    let draws = 100_000

    /// A random posterior set of 2–6 variants: narrow (big counts, close rates), wide (tiny
    /// counts), or mixed.
    func randomSet(_ rng: inout BenchRandom, kind: Int) throws -> [BetaPosterior] {
        let count = 2 + Int(rng.unit() * 5)
        let base = 0.005 + 0.1 * rng.unit()
        return try (0..<count).map { _ in
            let impressions: Double
            switch kind {
            case 0: impressions = (1e4 * pow(50, rng.unit())).rounded()  // 10⁴ … 5·10⁵
            case 1: impressions = (200 * rng.unit()).rounded()  // 0 … 200
            default: impressions = rng.unit() < 0.5 ? (1e5 * rng.unit()).rounded() : (50 * rng.unit()).rounded()
            }
            let spread = kind == 0 ? 0.05 : 0.5
            let rate = min(max(base * (1 + spread * (2 * rng.unit() - 1)), 0), 1)
            // Binomial-ish conversions: expected count plus normal noise, clamped.
            let expected = impressions * rate
            let conversions = min(max((expected + expected.squareRoot() * rng.normal()).rounded(), 0), impressions)
            return try BetaPosterior(successes: conversions, failures: impressions - conversions)
        }
    }

    func monteCarlo(_ posteriors: [BetaPosterior], _ rng: inout BenchRandom) -> [Double] {
        var wins = [Double](repeating: 0, count: posteriors.count)
        for _ in 0..<draws {
            var best = -1.0
            var winner = 0
            for (index, posterior) in posteriors.enumerated() {
                let x = rng.beta(posterior.alpha, posterior.beta)
                if x > best {
                    best = x
                    winner = index
                }
            }
            wins[winner] += 1
        }
        return wins.map { $0 / Double(draws) }
    }

    func run(sets: Int, seed: UInt64) throws -> Outcome {
        var rng = BenchRandom(seed: seed)
        var outcome = Outcome()
        for index in 0..<sets {
            let posteriors = try randomSet(&rng, kind: index % 3)
            // Timed over repetitions: one call is too short for the clock.
            let repetitions = 20
            var exact: [Double] = []
            let start = now()
            for _ in 0..<repetitions { exact = ChanceToBeBest.beta(posteriors) }
            outcome.quadratureSeconds += (now() - start) / Double(repetitions)
            let mcStart = now()
            let sampled = monteCarlo(posteriors, &rng)
            outcome.monteCarloSeconds += now() - mcStart
            outcome.sets += 1
            outcome.maxSumError = max(
                outcome.maxSumError, abs(ChanceToBeBest.unnormalisedBeta(posteriors).reduce(0, +) - 1))
            for (p, q) in zip(exact, sampled) {
                let difference = abs(p - q)
                let standardError = max((p * (1 - p) / Double(draws)).squareRoot(), 1e-9)
                outcome.comparisons += 1
                outcome.maxDifference = max(outcome.maxDifference, difference)
                outcome.maxStandardisedDifference = max(outcome.maxStandardisedDifference, difference / standardError)
                if difference <= 0.005 { outcome.within += 1 }
            }
        }
        return outcome
    }

    /// Largest difference from the closed form for two Beta posteriors with integer parameters
    /// (Evan Miller's sum), over random pairs: accuracy free of Monte Carlo noise.
    func closedFormCheck(pairs: Int, seed: UInt64) throws -> Double {
        var rng = BenchRandom(seed: seed)
        var worst = 0.0
        for index in 0..<pairs {
            let set = try randomSet(&rng, kind: index % 3)
            let a = set[0]
            let b = set[1]
            guard b.alpha <= 20_000 else { continue }
            let exact = ChanceToBeBest.beta([a, b])[1]
            worst = max(worst, abs(exact - closedFormBBeatsA(a, b)))
        }
        return worst
    }
}

/// P(B > A) = Σ_{i<αB} B(αA+i, βA+βB) / ((βB+i) B(1+i, βB) B(αA, βA)) for integer αB.
func closedFormBBeatsA(_ a: BetaPosterior, _ b: BetaPosterior) -> Double {
    var total = 0.0
    let lb = SpecialFunctions.logBeta
    for i in 0..<Int(b.alpha) {
        let k = Double(i)
        total += exp(lb(a.alpha + k, a.beta + b.beta) - log(b.beta + k) - lb(1 + k, b.beta) - lb(a.alpha, a.beta))
    }
    return total
}
