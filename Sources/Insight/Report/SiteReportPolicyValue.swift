import Foundation

/// One off-policy estimate: what a policy would have earned, from the logged propensities.
package struct SiteReportPolicyValue: Codable, Sendable, Equatable {
    /// Which policy is evaluated. Encoded as "logged", "uniform" or "variant:<id>".
    package enum Policy: Codable, Sendable, Hashable {
        /// The policy as it ran.
        case logged
        /// Every variant with equal probability.
        case uniform
        /// One variant shown to everyone.
        case variant(String)

        package var key: String {
            switch self {
            case .logged: "logged"
            case .uniform: "uniform"
            case .variant(let id): "variant:\(id)"
            }
        }

        package init(key: String) {
            switch key {
            case "logged": self = .logged
            case "uniform": self = .uniform
            default:
                // Anything else is a variant; tolerate a missing prefix rather than fail the file.
                self = .variant(key.hasPrefix("variant:") ? String(key.dropFirst("variant:".count)) : key)
            }
        }

        package init(from decoder: any Decoder) throws {
            self.init(key: try decoder.singleValueContainer().decode(String.self))
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(key)
        }
    }

    package enum Estimator: String, Codable, Sendable, CaseIterable {
        case ips, snips, dr
    }

    package enum Metric: String, Codable, Sendable, CaseIterable {
        case conversionRate, revenuePerVisit
    }

    package var policy: Policy
    package var estimator: Estimator
    package var metric: Metric
    package var value: Double?
    /// 95% interval.
    package var lower: Double?
    package var upper: Double?
    /// (Σw)² / Σw²: how many decisions the estimate is effectively worth.
    package var effectiveSampleSize: Double?
    /// Largest importance weight π(a|x)/μ(a|x) seen; large values mean a fragile estimate.
    package var maxWeight: Double?

    package init(
        policy: Policy,
        estimator: Estimator,
        metric: Metric,
        value: Double?,
        lower: Double?,
        upper: Double?,
        effectiveSampleSize: Double? = nil,
        maxWeight: Double? = nil
    ) {
        self.policy = policy
        self.estimator = estimator
        self.metric = metric
        self.value = value
        self.lower = lower
        self.upper = upper
        self.effectiveSampleSize = effectiveSampleSize
        self.maxWeight = maxWeight
    }
}
