import Foundation

/// A stretch of time where something departed from what was expected (e.g. a placement stopped scanning).
package struct SiteReportAnomaly: Codable, Sendable, Equatable {
    package var start: Date
    /// Exclusive: the first instant after the anomaly (a one-day anomaly ends at the next midnight).
    package var end: Date
    /// e.g. "scans-drop", "conversion-spike".
    package var kind: String
    package var expected: Double?
    package var actual: Double?
    package var text: String
    /// The placement or variant concerned, when there is one.
    package var subject: String?

    package init(
        start: Date, end: Date, kind: String, expected: Double?, actual: Double?, text: String, subject: String? = nil
    ) {
        self.start = start
        self.end = end
        self.kind = kind
        self.expected = expected
        self.actual = actual
        self.text = text
        self.subject = subject
    }
}
