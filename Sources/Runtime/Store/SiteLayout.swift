import DistFormat
import Foundation

/// What a report needs to know about a site beyond its events, kept in `meta` under
/// `site:<id>` by the server for the build it serves: the variant order of the stored
/// probability vectors, the declared placements (and which are pinned) and the goals. So
/// `sitegen report` can read a database alone, without the build that wrote it.
package struct SiteLayout: Codable, Sendable, Equatable {
    package struct Placement: Codable, Sendable, Equatable {
        package var id: String
        /// The variant a pinned placement always shows.
        package var variant: String?

        package init(id: String, variant: String?) {
            self.id = id
            self.variant = variant
        }
    }

    package struct Goal: Codable, Sendable, Equatable {
        package var id: String
        package var value: Double

        package init(id: String, value: Double) {
            self.id = id
            self.value = value
        }
    }

    package var variants: [String]
    package var placements: [Placement]
    package var goals: [Goal]
    package var title: String?
    /// The context features the policy reads: a report's context cells (sample ratio,
    /// off-policy sums) are the combinations of their values.
    package var features: [String]

    package init(
        variants: [String], placements: [Placement], goals: [Goal], title: String? = nil, features: [String] = []
    ) {
        self.variants = variants
        self.placements = placements
        self.goals = goals
        self.title = title
        self.features = features
    }

    package init(_ site: SiteManifest) {
        self.init(
            variants: site.variants.map(\.id),
            placements: site.qr.map { Placement(id: $0.placement, variant: $0.variant) },
            goals: site.goals.map { Goal(id: $0.id, value: $0.value) }, title: site.title,
            features: Array(Set(site.personalize.features + site.personalize.interactions.flatMap { $0 })).sorted())
    }

    static let keyPrefix = "site:"

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? Array(encoder.encode(self))) ?? []
    }

    static func decode(_ bytes: [UInt8]) -> SiteLayout? {
        try? JSONDecoder().decode(SiteLayout.self, from: Data(bytes))
    }

    // `features` came later than the rest: a layout without it reads as no features.
    enum CodingKeys: String, CodingKey { case variants, placements, goals, title, features }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        variants = try c.decode([String].self, forKey: .variants)
        placements = try c.decodeIfPresent([Placement].self, forKey: .placements) ?? []
        goals = try c.decodeIfPresent([Goal].self, forKey: .goals) ?? []
        title = try c.decodeIfPresent(String.self, forKey: .title)
        features = try c.decodeIfPresent([String].self, forKey: .features) ?? []
    }
}
