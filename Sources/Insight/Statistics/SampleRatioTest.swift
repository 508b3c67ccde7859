import Foundation

/// Sample-ratio mismatch against logged probabilities: is each variant's traffic what the policy
/// said it would be? A mismatch means lost or extra impressions (a broken redirect, a bot filter
/// hitting one variant, a caching layer), which biases every other number in the report.
///
/// Small expected counts make the chi-square approximation unreliable, so before testing:
/// 1. cells in which some variant expects fewer than `minimumExpected` decisions are pooled into
///    one cell (sums of their counts, which is still a valid test of the same hypothesis);
/// 2. in every cell, variants still below the minimum are merged into one category, and that
///    category into the smallest other one if it is still below;
/// 3. a cell left with fewer than two categories is skipped (it contributes no degrees of freedom).
/// Each tested cell with m categories contributes m − 1 degrees of freedom.
package enum SampleRatioTest {
    /// GrowthBook's default threshold.
    package static let defaultThreshold = 0.001
    package static let defaultMinimumExpected = 5.0

    /// One statistic summed over the cells (per-cell test).
    package static func perCell(
        _ cells: [SampleRatioCell], minimumExpected: Double = defaultMinimumExpected,
        threshold: Double = defaultThreshold
    ) throws(StatisticsError) -> SampleRatioMismatch {
        let variantCount = try commonWidth(cells)
        var tested: [SampleRatioCell] = []
        var pooled: SampleRatioCell?
        var pooledCount = 0
        for cell in cells {
            if cell.expected.allSatisfy({ $0 >= minimumExpected }) {
                tested.append(cell)
            } else {
                pooled = pooled.map { $0.adding(cell) } ?? cell
                pooledCount += 1
            }
        }
        if let pooled { tested.append(pooled) }
        return combine(
            tested, variantCount: variantCount, minimumExpected: minimumExpected,
            threshold: threshold, pooledCells: pooledCount)
    }

    /// All cells summed into one before testing: catches a variant-wide loss with the most power,
    /// at the cost of missing losses that cancel across cells.
    package static func overall(
        _ cells: [SampleRatioCell], minimumExpected: Double = defaultMinimumExpected,
        threshold: Double = defaultThreshold
    ) throws(StatisticsError) -> SampleRatioMismatch {
        let variantCount = try commonWidth(cells)
        guard let first = cells.first else {
            return combine([], variantCount: 0, minimumExpected: minimumExpected, threshold: threshold, pooledCells: 0)
        }
        let total = cells.dropFirst().reduce(first) { $0.adding($1) }
        return combine(
            [total], variantCount: variantCount, minimumExpected: minimumExpected,
            threshold: threshold, pooledCells: 0)
    }

    /// The report's headline test: `perCell` and `overall` together, each at half the threshold
    /// (Bonferroni), so the false-alarm rate stays at most `threshold`. The overall test has the
    /// most power against a loss across a whole variant, the per-cell one against losses that
    /// cancel across cells. The statistic is the one with the smaller p-value; `pValue` is
    /// min(1, 2 × the smaller p-value).
    package static func combined(
        _ cells: [SampleRatioCell], minimumExpected: Double = defaultMinimumExpected,
        threshold: Double = defaultThreshold
    ) throws(StatisticsError) -> SampleRatioMismatch {
        let cellwise = try perCell(cells, minimumExpected: minimumExpected, threshold: threshold)
        let whole = try overall(cells, minimumExpected: minimumExpected, threshold: threshold)
        let stronger = (whole.pValue ?? 1) < (cellwise.pValue ?? 1) ? whole : cellwise
        let pValue = stronger.pValue.map { min(1, 2 * $0) }
        return SampleRatioMismatch(
            statistic: stronger.statistic, degreesOfFreedom: stronger.degreesOfFreedom, pValue: pValue,
            flagged: (pValue ?? 1) < threshold, threshold: threshold, method: stronger.method,
            testedCells: cellwise.testedCells, pooledCells: cellwise.pooledCells)
    }

    private static func commonWidth(_ cells: [SampleRatioCell]) throws(StatisticsError) -> Int {
        let width = cells.first?.observed.count ?? 0
        for cell in cells where cell.observed.count != width {
            throw .mismatchedLengths(name: "cell variants", expected: width, actual: cell.observed.count)
        }
        return width
    }

    private static func combine(
        _ cells: [SampleRatioCell], variantCount: Int, minimumExpected: Double, threshold: Double,
        pooledCells: Int
    ) -> SampleRatioMismatch {
        var statistic = 0.0
        var degrees = 0
        var testedCells = 0
        var exact = true
        for cell in cells {
            let merged = cell.merging(categories(of: cell, minimumExpected: minimumExpected))
            guard merged.observed.count >= 2 else { continue }
            let (value, usedExact) = quadraticForm(merged)
            statistic += value
            degrees += merged.observed.count - 1
            testedCells += 1
            exact = exact && usedExact
        }
        let pValue =
            degrees > 0
            ? SpecialFunctions.chiSquareSurvival(statistic, degreesOfFreedom: Double(degrees)) : nil
        return SampleRatioMismatch(
            statistic: statistic, degreesOfFreedom: degrees, pValue: pValue,
            flagged: (pValue ?? 1) < threshold, threshold: threshold,
            method: exact && testedCells > 0 ? .adaptiveCovariance : .pearson,
            testedCells: testedCells, pooledCells: pooledCells)
    }

    /// Groups of variant indices forming the categories of a cell (rule 2 above).
    private static func categories(of cell: SampleRatioCell, minimumExpected: Double) -> [[Int]] {
        var groups: [[Int]] = []
        var small: [Int] = []
        for index in cell.expected.indices {
            if cell.expected[index] >= minimumExpected { groups.append([index]) } else { small.append(index) }
        }
        guard !small.isEmpty else { return groups }
        let smallExpected = small.reduce(0) { $0 + cell.expected[$1] }
        if smallExpected >= minimumExpected || groups.isEmpty {
            groups.append(small)
        } else if let smallest = groups.indices.min(by: {
            cell.expected[groups[$0][0]] < cell.expected[groups[$1][0]]
        }) {
            groups[smallest] += small
        }
        return groups.filter { $0.reduce(0) { $0 + cell.expected[$1] } > 0 }
    }

    /// (O − E)ᵀ V⁻¹ (O − E) over all categories but the last (the counts' sum is fixed by the
    /// number of decisions, so V is singular in that direction). V is the exact covariance
    /// diag(E) − Σ p pᵀ when the products are known; otherwise Pearson's Σ (O − E)²/E. Falls back
    /// to Pearson when V is not positive definite (e.g. deterministic allocations).
    private static func quadraticForm(_ cell: SampleRatioCell) -> (Double, Bool) {
        let pearson = zip(cell.observed, cell.expected).reduce(0.0) { sum, pair in
            pair.1 > 0 ? sum + (pair.0 - pair.1) * (pair.0 - pair.1) / pair.1 : sum
        }
        guard let products = cell.probabilityProducts else { return (pearson, false) }
        let size = cell.observed.count - 1
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
        for row in 0..<size {
            for column in 0..<size {
                matrix[row][column] = (row == column ? cell.expected[row] : 0) - products[row][column]
            }
        }
        let difference = (0..<size).map { cell.observed[$0] - cell.expected[$0] }
        guard let solved = CholeskySolver.solve(matrix, difference) else { return (pearson, false) }
        let value = zip(difference, solved).reduce(0) { $0 + $1.0 * $1.1 }
        return value.isFinite && value >= 0 ? (value, true) : (pearson, false)
    }
}
