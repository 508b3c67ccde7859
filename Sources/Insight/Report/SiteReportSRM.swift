import Foundation

/// Sample-ratio mismatch: is each variant getting the traffic its logged propensities promise?
package struct SiteReportSRM: Codable, Sendable, Equatable {
    package var pValue: Double?
    /// True when `pValue < threshold`.
    package var flagged: Bool
    package var chiSquare: Double?
    package var degreesOfFreedom: Int?
    /// The p-value below which the split is flagged (GrowthBook's default is 0.001).
    package var threshold: Double
    /// Observed against expected impressions per variant (expected = Σ logged probabilities).
    package var variants: [Count]
    /// Per context cell results, when computed; the worst ones are shown.
    package var cells: [Cell]

    package struct Count: Codable, Sendable, Equatable {
        package var id: String
        package var observed: Int
        package var expected: Double?

        package init(id: String, observed: Int, expected: Double?) {
            self.id = id
            self.observed = observed
            self.expected = expected
        }
    }

    package struct Cell: Codable, Sendable, Equatable {
        /// A readable name of the context cell, e.g. "mobile · evening".
        package var cell: String
        package var pValue: Double?
        package var chiSquare: Double?
        package var degreesOfFreedom: Int?
        package var flagged: Bool

        package init(cell: String, pValue: Double?, chiSquare: Double?, degreesOfFreedom: Int?, flagged: Bool) {
            self.cell = cell
            self.pValue = pValue
            self.chiSquare = chiSquare
            self.degreesOfFreedom = degreesOfFreedom
            self.flagged = flagged
        }
    }

    package init(
        pValue: Double?,
        flagged: Bool,
        chiSquare: Double? = nil,
        degreesOfFreedom: Int? = nil,
        threshold: Double = 0.001,
        variants: [Count] = [],
        cells: [Cell] = []
    ) {
        self.pValue = pValue
        self.flagged = flagged
        self.chiSquare = chiSquare
        self.degreesOfFreedom = degreesOfFreedom
        self.threshold = threshold
        self.variants = variants
        self.cells = cells
    }
}
