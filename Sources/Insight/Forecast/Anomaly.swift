import Foundation

/// One anomaly. Indices are into the checked series; `endIndex` is the first point that is normal
/// again (exclusive), nil while the anomaly is ongoing at the end of the series.
package struct Anomaly: Sendable, Equatable {
    package var kind: AnomalyKind
    package var startIndex: Int
    package var endIndex: Int?
    /// The point at which the detector became sure (the alert time in a live check): the delay
    /// from `startIndex` is the price of few false alarms.
    package var alertIndex: Int
    package var start: Date
    package var end: Date?
    /// Mean per step over the anomaly (scans per hour or per day; for `.rateCollapse` the
    /// conversion rate): what the model expected and what happened.
    package var expected: Double
    package var actual: Double
    /// The variant, for `.rateCollapse`.
    package var variant: String?
    /// Plain words: "scans 92% below forecast since Tue 14:00".
    package var summary: String

    package var isOngoing: Bool { endIndex == nil }
}
