import Foundation

/// The one-paragraph answer at the top of the report.
package struct SiteReportVerdict: Codable, Sendable, Equatable {
    package enum Kind: String, Codable, Sendable, CaseIterable {
        case keepExploring = "keep-exploring"
        case winning = "winning"
        case noRealDifference = "no-real-difference"
        case tooLittleData = "too-little-data"
    }

    package var kind: Kind
    /// The variant with the highest chance to be best; `nil` with no data.
    package var leader: String?
    package var leaderChanceToBeBest: Double?
    package var runnerUp: String?
    /// The first (control) variant, as declared in the site.
    package var first: String?
    /// Relative uplift of the leader's conversion rate over the runner-up's, 95% credible interval.
    package var upliftOverRunnerUp: SiteReportUplift?
    /// Relative uplift of the leader's conversion rate over the first variant's; `nil` when the
    /// leader is the first variant.
    package var upliftOverFirst: SiteReportUplift?
    package var conversions: Int
    package var revenue: Double?
    /// The verdict in plain words; composed by `SiteReportWording` unless given.
    package var text: String
    /// A short title such as "indoor-comfort is winning".
    package var headline: String

    package init(
        kind: Kind,
        leader: String? = nil,
        leaderChanceToBeBest: Double? = nil,
        runnerUp: String? = nil,
        first: String? = nil,
        upliftOverRunnerUp: SiteReportUplift? = nil,
        upliftOverFirst: SiteReportUplift? = nil,
        conversions: Int = 0,
        revenue: Double? = nil,
        units: SiteReportUnits? = nil,
        text: String? = nil
    ) {
        self.kind = kind
        self.leader = leader
        self.leaderChanceToBeBest = leaderChanceToBeBest
        self.runnerUp = runnerUp
        self.first = first
        self.upliftOverRunnerUp = upliftOverRunnerUp
        self.upliftOverFirst = upliftOverFirst
        self.conversions = conversions
        self.revenue = revenue
        self.headline = SiteReportWording.headline(kind: kind, leader: leader)
        self.text = text ?? ""
        if text == nil {
            self.text = SiteReportWording.verdictText(self, units: units)
        }
    }
}
