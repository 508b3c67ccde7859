import Foundation
import Hummingbird
import Personalize

struct ModelsAnswer: Encodable {
    struct Site: Encodable {
        var id: String
        var title: String
        var policy: String
        var features: [String]
        var variants: [String]
        var goals: [String]
        var metrics: String
    }
    var buildId: String
    var sites: [Site]
}

struct MetricsAnswer: Encodable {
    struct Variant: Encodable {
        var id: String
        var impressions: Int
        var conversions: Int
        var conversionRate: Double
        var reward: Double
        var mean: Double
        var lower: Double
        var upper: Double
        var probabilityBest: Double
        var trafficShare: Double
        /// The policy's current probability of choosing this variant for a visitor of unknown context.
        var allocation: Double
    }
    var experimentId: String
    var policy: String
    var impressions: Int
    var conversions: Int
    var variants: [Variant]
}

extension SitegenRuntime {
    /// `GET /ml/models`: every site with its policy and variants.
    func models() -> Response {
        let live = self.live
        let sites = live.deployment.manifest.sites.map { site in
            ModelsAnswer.Site(
                id: site.id, title: site.title, policy: site.personalize.policy.rawValue,
                features: site.personalize.features,
                variants: site.variants.map(\.id), goals: site.goals.map(\.id), metrics: "/ml/models/\(site.id)/metrics"
            )
        }
        return Responses.json(ModelsAnswer(buildId: live.deployment.manifest.buildID, sites: sites))
    }

    /// `GET /ml/models/<site>/metrics`: how each variant is doing, from the live model.
    func modelMetrics(site id: String) -> Response {
        let live = self.live
        guard let site = live.deployment.sites[id], let model = live.models[id] else {
            return Responses.error(.notFound, "unknown experiment '\(id)'")
        }
        let reports = model.report()
        let allocation = model.probabilities([:])
        let totalImpressions = reports.reduce(0) { $0 + $1.impressions }
        let variants = reports.enumerated().map { index, report in
            MetricsAnswer.Variant(
                id: report.variant, impressions: report.impressions, conversions: report.conversions,
                conversionRate: report.impressions == 0 ? 0 : Double(report.conversions) / Double(report.impressions),
                reward: report.reward.finiteOrZero, mean: report.mean.finiteOrZero, lower: report.lower.finiteOrZero,
                upper: report.upper.finiteOrZero, probabilityBest: report.probabilityBest.finiteOrZero,
                trafficShare: (report.trafficShare ?? 0).finiteOrZero,
                allocation: index < allocation.count ? allocation[index].finiteOrZero : 0)
        }
        return Responses.json(
            MetricsAnswer(
                experimentId: site.id, policy: site.manifest.personalize.policy.rawValue, impressions: totalImpressions,
                conversions: reports.reduce(0) { $0 + $1.conversions }, variants: variants))
    }
}
