import Foundation
import Hummingbird

struct HealthAnswer: Encodable {
    var ok: Bool
    var buildId: String
    var sites: [String]
    var recording: Bool
}

extension SitegenRuntime {
    func health() -> Response {
        let deployment = live.deployment
        return Responses.json(
            HealthAnswer(
                ok: true, buildId: deployment.manifest.buildID, sites: deployment.siteIDs,
                recording: options.mode.isRecording)
        )
    }

    /// `GET /metrics` in Prometheus text format.
    func prometheus() -> Response {
        var gauges: [(name: String, help: String, labels: String, value: Double)] = []
        for anomaly in anomalyWatch.current {
            gauges.append(
                (
                    "sitegen_anomaly_active", "1 while an anomaly goes on at a site (kind: drop, spike, zero).",
                    "site=\"\(anomaly.site)\",kind=\"\(anomaly.kind.rawValue)\"", 1
                ))
        }
        let live = self.live
        for id in live.deployment.siteIDs {
            guard let model = live.models[id] else { continue }
            for report in model.report() {
                let labels = "site=\"\(id)\",variant=\"\(report.variant)\""
                gauges.append(
                    (
                        "sitegen_model_impressions", "Impressions the live model has learned from.", labels,
                        Double(report.impressions)
                    ))
                gauges.append(
                    (
                        "sitegen_model_conversions", "Conversions the live model has learned from.", labels,
                        Double(report.conversions)
                    ))
                gauges.append(
                    (
                        "sitegen_model_probability_best", "Posterior probability that the variant is best.", labels,
                        report.probabilityBest.finiteOrZero
                    ))
            }
            gauges.append(
                (
                    "sitegen_model_events_since_snapshot", "Learned events not yet in a snapshot.", "site=\"\(id)\"",
                    Double(model.eventsSinceSnapshot)
                ))
        }
        if let store {
            gauges.append(
                (
                    "sitegen_store_dropped_decisions", "Impressions the store could not keep.", "",
                    Double(store.droppedDecisions)
                ))
        }
        return Responses.text(
            metrics.prometheusText(gauges: gauges), contentType: "text/plain; version=0.0.4; charset=utf-8")
    }
}
