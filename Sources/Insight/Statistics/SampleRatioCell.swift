/// One context cell's traffic for a sample-ratio check: per variant the decisions observed and
/// the decisions expected from the logged probabilities.
package struct SampleRatioCell: Sendable, Hashable {
    /// Decisions (impressions) per variant.
    package var observed: [Double]
    /// Σ over the cell's decisions of the probability each variant had: needs every variant's
    /// probability per decision, not only the chosen one's.
    package var expected: [Double]
    /// Optional Σ over decisions of pₖ·pₗ (K × K). With it the test uses the exact covariance of
    /// adaptive allocation, diag(expected) − products; without it, Pearson's multinomial one,
    /// which over-states the variance when probabilities change over time (a conservative test).
    package var probabilityProducts: [[Double]]?

    /// - Throws: `StatisticsError` when the arrays differ in length or hold negative or
    ///   non-finite values.
    package init(
        observed: [Double], expected: [Double], probabilityProducts: [[Double]]? = nil
    ) throws(StatisticsError) {
        guard expected.count == observed.count else {
            throw .mismatchedLengths(name: "expected", expected: observed.count, actual: expected.count)
        }
        for value in observed { try StatisticsError.checkCount(value, "observed count") }
        for value in expected { try StatisticsError.checkCount(value, "expected count") }
        if let probabilityProducts {
            guard probabilityProducts.count == observed.count else {
                throw .mismatchedLengths(
                    name: "probability products", expected: observed.count, actual: probabilityProducts.count)
            }
            for row in probabilityProducts {
                guard row.count == observed.count else {
                    throw .mismatchedLengths(
                        name: "probability products row", expected: observed.count, actual: row.count)
                }
                for value in row { try StatisticsError.checkCount(value, "probability product") }
            }
        }
        self.observed = observed
        self.expected = expected
        self.probabilityProducts = probabilityProducts
    }

    /// Cellwise sum (cells must have the same number of variants).
    func adding(_ other: SampleRatioCell) -> SampleRatioCell {
        var result = self
        for index in observed.indices {
            result.observed[index] += other.observed[index]
            result.expected[index] += other.expected[index]
        }
        if let mine = probabilityProducts, let theirs = other.probabilityProducts {
            result.probabilityProducts = zip(mine, theirs).map { zip($0, $1).map(+) }
        } else {
            result.probabilityProducts = nil
        }
        return result
    }

    /// The cell with the given groups of variants merged into one category each.
    func merging(_ groups: [[Int]]) -> SampleRatioCell {
        var result = self
        result.observed = groups.map { $0.reduce(0) { $0 + observed[$1] } }
        result.expected = groups.map { $0.reduce(0) { $0 + expected[$1] } }
        if let products = probabilityProducts {
            result.probabilityProducts = groups.map { rows in
                groups.map { columns in
                    rows.reduce(0) { sum, row in columns.reduce(sum) { $0 + products[row][$1] } }
                }
            }
        }
        return result
    }
}
