import Foundation
import Runtime

/// `sitegen stats` output, kept in the library so it is tested with the store.
///
/// The `--json` shape: stable keys, one object per site with its totals and its variants.
package struct StatsReport: Encodable, Sendable {
    package struct Variant: Encodable, Sendable {
        package let variant: String
        /// Every impression, bots and pinned placements included.
        package let impressions: Int
        /// What the policy learns from; `sitegen report`'s `impressions`.
        package let learnableImpressions: Int
        package let botImpressions: Int
        package let pinnedImpressions: Int
        /// Learnable impressions that converted (any goal); `sitegen report`'s `conversions`.
        package let conversions: Int
        /// Impressions of any kind that converted.
        package let convertedImpressions: Int
        /// Conversion rows, every goal.
        package let conversionEvents: Int
        /// conversions / learnableImpressions.
        package let conversionRate: Double
        /// Sum of conversion values, every impression, in the goals' units.
        package let reward: Double
        package let learnableReward: Double
    }

    package struct Site: Encodable, Sendable {
        package let site: String
        package let impressions: Int
        package let learnableImpressions: Int
        package let conversions: Int
        package let reward: Double
        package let variants: [Variant]
    }

    package let database: String
    package let sites: [Site]

    package init(database: String, rows: [SiteStats]) {
        self.database = database
        var order: [String] = []
        var grouped: [String: [SiteStats]] = [:]
        for row in rows {
            if grouped[row.site] == nil { order.append(row.site) }
            grouped[row.site, default: []].append(row)
        }
        sites = order.map { site in
            let variants = grouped[site] ?? []
            return Site(
                site: site, impressions: variants.map(\.impressions).reduce(0, +),
                learnableImpressions: variants.map(\.learnableImpressions).reduce(0, +),
                conversions: variants.map(\.conversions).reduce(0, +), reward: variants.map(\.reward).reduce(0, +),
                variants: variants.map {
                    Variant(
                        variant: $0.variant, impressions: $0.impressions, learnableImpressions: $0.learnableImpressions,
                        botImpressions: $0.botImpressions, pinnedImpressions: $0.pinnedImpressions,
                        conversions: $0.conversions, convertedImpressions: $0.convertedImpressions,
                        conversionEvents: $0.conversionEvents, conversionRate: $0.conversionRate, reward: $0.reward,
                        learnableReward: $0.learnableReward)
                })
        }
    }

    /// Pretty-printed with sorted keys, so output is stable for scripts and diffs.
    package func json() throws(StoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // A reward sum can overflow to infinity in principle; say so rather than fail.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        } catch {
            throw .invalidRecord(field: "stats report", reason: "\(error)")
        }
    }
}
