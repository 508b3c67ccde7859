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
    /// What each figure counts and in which unit, so this answer, `sitegen stats` and the report
    /// can be read side by side (issue #16: they used to disagree without saying why).
    struct Units: Encodable {
        var impressions =
            "impressions the policy learned from: no bots, no pinned placements (sitegen stats: learnableImpressions)"
        var conversions = "learned impressions with at least one conversion (sitegen stats: conversions)"
        var conversionRate = "conversions / impressions"
        var reward =
            "sum of learned goal values, each at most its goal's cap (max_value, else value), in the unit of the "
            + "site's goal values (sitegen stats: learnableReward, uncapped)"
        var mean = "posterior mean goal value per learned impression; lower and upper bound its 95% interval"
        var probabilityBest = "posterior probability that the variant has the highest mean"
        var trafficShare = "share of learned impressions"
        var allocation = "probability the policy shows the variant to a visitor of unknown context now"
    }

    var experimentId: String
    var policy: String
    var impressions: Int
    var conversions: Int
    var units = Units()
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
