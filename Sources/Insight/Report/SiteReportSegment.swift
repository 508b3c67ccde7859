import Foundation

/// One value of one context dimension (e.g. device = mobile) and who leads in it.
package struct SiteReportSegment: Codable, Sendable, Equatable {
    package enum Dimension: String, Codable, Sendable, CaseIterable {
        case device, daypart, weekday, country, language, source, placement
    }

    package var dimension: Dimension
    package var value: String
    package var leader: String?
    package var leaderRate: Double?
    package var chanceToBeBest: Double?
    /// True when this segment's leader is not the overall leader: what the contextual policy exploits.
    package var differsFromOverall: Bool
    package var impressions: Int
    package var conversions: Int
    package var variants: [Variant]

    package struct Variant: Codable, Sendable, Equatable {
        package var id: String
        package var impressions: Int
        package var conversions: Int
        package var conversionRate: Double?
        package var chanceToBeBest: Double?

        package init(
            id: String, impressions: Int, conversions: Int, conversionRate: Double? = nil, chanceToBeBest: Double? = nil
        ) {
            self.id = id
            self.impressions = impressions
            self.conversions = conversions
            self.conversionRate = conversionRate ?? (impressions > 0 ? Double(conversions) / Double(impressions) : nil)
            self.chanceToBeBest = chanceToBeBest
        }
    }

    package init(
        dimension: Dimension,
        value: String,
        leader: String?,
        leaderRate: Double?,
        chanceToBeBest: Double?,
        differsFromOverall: Bool,
        variants: [Variant]
    ) {
        self.dimension = dimension
        self.value = value
        self.leader = leader
        self.leaderRate = leaderRate
        self.chanceToBeBest = chanceToBeBest
        self.differsFromOverall = differsFromOverall
        self.variants = variants
        self.impressions = variants.reduce(0) { $0 + $1.impressions }
        self.conversions = variants.reduce(0) { $0 + $1.conversions }
    }
}
