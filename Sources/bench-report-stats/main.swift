import Foundation
import Insight

// Usage: scripts/bench-report-stats [--quick] [--runs N] [--sizes 20000,50000] [--skip-chance] [--skip-simulation]
let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
let quick = arguments.contains("--quick")
let runs = option("--runs").flatMap(Int.init) ?? (quick ? 100 : 1_000)
let srmSizes =
    arguments.contains("--skip-simulation")
    ? []
    : option("--sizes").map { $0.split(separator: ",").compactMap { Int($0) } }
        ?? (quick ? [20_000] : [20_000, 50_000, 100_000, 200_000])

func pct(_ x: Double) -> String { String(format: "%.2f%%", 100 * x) }
func f(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }

print("insight-stats-bench \(arguments.dropFirst().joined(separator: " "))")

// MARK: Chance to be best and uplift
if !arguments.contains("--skip-chance") {
    let bench = ChanceBenchmark()
    let sets = quick ? 30 : 300
    let outcome = try bench.run(sets: sets, seed: 1)
    let closed = try bench.closedFormCheck(pairs: quick ? 100 : 1_000, seed: 2)
    var upliftRng = BenchRandom(seed: 3)
    let upliftStart = now()
    let upliftCount = quick ? 20 : 100
    for index in 0..<upliftCount {
        let set = try bench.randomSet(&upliftRng, kind: index % 3)
        _ = try RelativeUplift(treatment: set[0], baseline: set[1])
    }
    let upliftSeconds = (now() - upliftStart) / Double(upliftCount)
    // Normal-approximation chance (revenue per visit; also the exact Thompson propensity under the
    // Gaussian model the bandit uses), 3 and 6 variants.
    var normalRng = BenchRandom(seed: 4)
    var normalSeconds: [Int: Double] = [:]
    for variants in [3, 6] {
        let estimates = try (0..<variants).map { _ in
            try NormalEstimate(mean: 0.03 + 0.01 * normalRng.unit(), standardError: 0.002 + 0.008 * normalRng.unit())
        }
        let repetitions = 2_000
        let start = now()
        for _ in 0..<repetitions { _ = ChanceToBeBest.normal(estimates) }
        normalSeconds[variants] = (now() - start) / Double(repetitions)
    }
    print("\n## Chance to be best (Beta posteriors, 2–6 variants; narrow, wide and mixed sets)")
    print("| measure | value | goal |")
    print("| --- | --- | --- |")
    print("| posterior sets / comparisons | \(outcome.sets) / \(outcome.comparisons) | |")
    print("| max abs difference vs 10^5-draw Monte Carlo | \(f(outcome.maxDifference)) | ≤ 0.005 |")
    print("| comparisons within 0.005 | \(outcome.within)/\(outcome.comparisons) | |")
    print(
        "| max difference in Monte Carlo standard errors | \(f(outcome.maxStandardisedDifference, 2)) | (pure noise gives ~3.5 for this many) |"
    )
    print(
        "| max abs difference vs closed form (2 variants, integer parameters) | \(String(format: "%.2e", closed)) | |")
    print("| max abs (sum − 1) before normalisation | \(String(format: "%.2e", outcome.maxSumError)) | |")
    print("| mean time per set: quadrature | \(f(1e3 * outcome.quadratureSeconds / Double(outcome.sets), 3)) ms | |")
    print(
        "| mean time per set: Monte Carlo 10^5 | \(f(1e3 * outcome.monteCarloSeconds / Double(outcome.sets), 2)) ms | |"
    )
    print("| speed ratio | \(f(outcome.monteCarloSeconds / outcome.quadratureSeconds, 0))× | ≥ 50× |")
    print("| relative uplift with 95% interval, mean time | \(f(1e3 * upliftSeconds, 2)) ms | |")
    print(
        "| normal chance to be best, 3 / 6 variants, mean time | \(f(1e6 * (normalSeconds[3] ?? 0), 0)) / \(f(1e6 * (normalSeconds[6] ?? 0), 0)) µs | |"
    )
}

// MARK: SRM and OPE over adaptive runs
struct Counter {
    var hits = 0
    var total = 0
    var rate: Double { total > 0 ? Double(hits) / Double(total) : 0 }
    mutating func add(_ hit: Bool) {
        total += 1
        if hit { hits += 1 }
    }
}

struct CoverageTally {
    var covered = Counter()
    var truthAbove = 0
    var truthBelow = 0
    var halfWidth = 0.0
}

let simulation = AdaptiveSimulation()
let testNames = [
    "Pearson vs Σp, per cell", "Pearson vs Σp, overall", "adaptive covariance, per cell",
    "adaptive covariance, overall", "both at p/2 (the report's)",
]
struct SRMRow {
    var size: Int
    var name: String
    var alarms = Counter()
    var alarms01 = Counter()
    var alarms05 = Counter()
    var rowsLost = Counter()
    var impressionsLost = Counter()
}
var srmRows: [SRMRow] = []
var coverage: [String: CoverageTally] = [:]
var opeOrder: [String] = []
let simulationStart = now()
for (sizeIndex, size) in srmSizes.enumerated() {
    var rows = testNames.map { SRMRow(size: size, name: $0) }
    var rng = BenchRandom(seed: 100 + UInt64(size))
    let sizeRuns = sizeIndex == 0 ? runs : runs * 3 / 10
    for _ in 0..<sizeRuns {
        let log = try simulation.run(decisions: size, rng: &rng)
        let tests: [([SampleRatioCell]) throws -> SampleRatioMismatch] = [
            { try SampleRatioTest.perCell($0.map { try $0.pearsonOnly }) },
            { try SampleRatioTest.overall($0.map { try $0.pearsonOnly }) },
            { try SampleRatioTest.perCell($0) },
            { try SampleRatioTest.overall($0) },
            { try SampleRatioTest.combined($0) },
        ]
        for (index, test) in tests.enumerated() {
            let clean = try test(log.clean)
            rows[index].alarms.add(clean.flagged)
            rows[index].alarms01.add((clean.pValue ?? 1) < 0.01)
            rows[index].alarms05.add((clean.pValue ?? 1) < 0.05)
            rows[index].rowsLost.add(try test(log.lossy).flagged)
            rows[index].impressionsLost.add(try test(log.lossyImpressions).flagged)
        }
        guard sizeIndex == 0 else { continue }
        for (name, sums, bounds, loggedTruth, isRevenue) in [
            ("conversion", log.conversions, 0.0...1.0, log.loggedConversionTruth, false),
            ("revenue", log.revenue, 0.0...Double.greatestFiniteMagnitude, log.loggedRevenueTruth, true),
        ] {
            let evaluation = try OffPolicyEvaluation(sums: sums, actionCount: simulation.variantCount)
            for estimate in try evaluation.allEstimates(rewardBounds: bounds) {
                if estimate.policy == .logged && estimate.estimator != .ips { continue }
                let truth =
                    estimate.policy == .logged
                    ? loggedTruth : simulation.truth(estimate.policy, revenue: isRevenue)
                let policyName = estimate.policy == .logged ? "logged" : "\(estimate.policy)"
                let key =
                    "\(name) | \(policyName) | \(estimate.policy == .logged ? "mean" : estimate.estimator.rawValue)"
                if coverage[key] == nil { opeOrder.append(key) }
                var tally = coverage[key] ?? CoverageTally()
                if let lower = estimate.lower, let upper = estimate.upper {
                    tally.covered.add(lower <= truth && truth <= upper)
                    if truth > upper { tally.truthAbove += 1 }
                    if truth < lower { tally.truthBelow += 1 }
                    tally.halfWidth += (upper - lower) / 2
                } else {
                    tally.covered.add(false)
                }
                coverage[key] = tally
            }
        }
    }
    srmRows += rows
}

if !srmSizes.isEmpty {
    print(
        "\n## Sample-ratio mismatch (flag at p < 0.001; 3 variants, 4 cells, Thompson re-planned every 500 decisions)")
    print(
        "| decisions | test | runs | false alarms (goal ≤ 0.2%) | p<0.01 / p<0.05 under H0 | 5% of one variant's rows lost (goal ≥ 95%) | 5% of its impressions lost, probabilities kept |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in srmRows {
        print(
            "| \(row.size) | \(row.name) | \(row.alarms.total) | \(pct(row.alarms.rate)) | \(pct(row.alarms01.rate)) / \(pct(row.alarms05.rate)) | \(pct(row.rowsLost.rate)) | \(pct(row.impressionsLost.rate)) |"
        )
    }

    print(
        "\n## Off-policy evaluation: 95% interval coverage over \(runs) adaptive logs of \(srmSizes.first ?? 0) decisions"
    )
    print("| reward | policy | estimator | coverage (goal 93–97%) | truth above / below | mean half-width |")
    print("| --- | --- | --- | --- | --- | --- |")
    for key in opeOrder {
        let tally = coverage[key] ?? CoverageTally()
        let width = tally.halfWidth / Double(max(tally.covered.total, 1))
        print("| \(key) | \(pct(tally.covered.rate)) | \(tally.truthAbove) / \(tally.truthBelow) | \(f(width, 4)) |")
    }
    print("\nsimulation time: \(f(now() - simulationStart, 1)) s")
}
