import Foundation

/// A relative difference with its 95% credible interval (fractions: 0.12 is +12%).
package struct SiteReportUplift: Codable, Sendable, Equatable {
    package var value: Double?
    package var lower: Double?
    package var upper: Double?

    package init(value: Double?, lower: Double?, upper: Double?) {
        self.value = value
        self.lower = lower
        self.upper = upper
    }
}
