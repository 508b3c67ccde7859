/// Result of a sample-ratio test.
package struct SampleRatioMismatch: Sendable, Hashable {
    package enum Method: String, Sendable {
        /// Σ (O − E)²/E: exact for a fixed split, conservative for adaptive allocation.
        case pearson
        /// Quadratic form with the covariance of the logged allocation probabilities.
        case adaptiveCovariance
    }

    package let statistic: Double
    package let degreesOfFreedom: Int
    /// nil when no cell had enough traffic to test (an honest "not enough data").
    package let pValue: Double?
    package let flagged: Bool
    package let threshold: Double
    package let method: Method
    package let testedCells: Int
    /// Cells too small to test alone, tested together as one.
    package let pooledCells: Int
}
