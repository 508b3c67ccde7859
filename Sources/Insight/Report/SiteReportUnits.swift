import Foundation

/// What the numbers are measured in, written next to them in every rendering.
package struct SiteReportUnits: Codable, Sendable, Equatable {
    /// ISO 4217 code when revenue is money ("EUR"), otherwise `nil`.
    package var currency: String?
    /// How revenue is labelled: the currency code or a unit such as "points".
    package var revenue: String
    package var rate: String
    package var impressions: String
    package var revenuePerVisit: String

    package init(currency: String?, revenueLabel: String? = nil) {
        self.currency = currency
        self.revenue = revenueLabel ?? currency ?? "revenue units"
        self.rate = "share of impressions that converted"
        self.impressions = "page views the policy learns from (no bots, no pinned placements)"
        self.revenuePerVisit = "revenue per learnable impression, in \(self.revenue)"
    }
}
