import Foundation

/// One printed QR placement (`p=`) and what it brings.
package struct SiteReportPlacement: Codable, Sendable, Equatable {
    package var id: String
    /// Pinned placements always show one variant; their traffic is not learned from.
    package var pinned: Bool
    /// The variant a pinned placement shows.
    package var pinnedVariant: String?
    /// Every scan, returning visitors included.
    package var scans: Int
    package var uniqueVisitors: Int
    package var conversions: Int
    /// conversions / unique visitors.
    package var conversionRate: Double?
    package var rateInterval: [Double]?

    package init(
        id: String,
        pinned: Bool,
        pinnedVariant: String? = nil,
        scans: Int,
        uniqueVisitors: Int,
        conversions: Int,
        conversionRate: Double? = nil,
        rateInterval: [Double]? = nil
    ) {
        self.id = id
        self.pinned = pinned
        self.pinnedVariant = pinnedVariant
        self.scans = scans
        self.uniqueVisitors = uniqueVisitors
        self.conversions = conversions
        self.conversionRate =
            conversionRate ?? (uniqueVisitors > 0 ? Double(conversions) / Double(uniqueVisitors) : nil)
        self.rateInterval = rateInterval
    }
}
