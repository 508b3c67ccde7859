import Foundation
import Hummingbird

/// What `/healthz` answers. Anyone may ask (load balancers, monitors), so only whether the
/// server works is public; which build, which campaigns and what failed in which file are
/// shown to a caller with a `read` key (and always in development).
struct HealthAnswer: Encodable {
    var ok: Bool
    var buildId: String?
    var sites: [String]?
    var recording: Bool
    /// The event store: "ok", "failing" (writes fail and are retried) or "detached" (the file
    /// was deleted or replaced); absent when nothing is recorded (preview).
    var store: String?
    /// What the store last failed with, while it is not "ok".
    var storeProblem: String?
    /// Impressions this server could not keep since it started.
    var droppedDecisions: Int?
    /// With a shared store (`--store`): "ok" or "unreachable" at the last shipping attempt
    /// ("pending" before the first). Unreachable is degraded, not down: pages and conversions
    /// are still answered and kept in the local database, so the answer stays 200.
    var sharedStore: String?
    /// True while the shared store is unreachable: the node serves, its events wait locally.
    var degraded: Bool?
    /// Committed local events not yet in the shared store.
    var unshipped: Unshipped?
    /// What the shared store last failed with (read key only).
    var sharedStoreProblem: String?
    /// Other nodes' events learned here (shared learning).
    var pulled: Pulled?

    struct Unshipped: Encodable {
        var decisions: Int
        var conversions: Int
    }

    struct Pulled: Encodable {
        /// "ok" or "unreachable" at the last pull ("pending" before the first).
        var state: String
        /// Events learned since start.
        var events: Int
        /// Seconds from an event on its node to its learning here, over the last few thousand
        /// pulled events; absent before any.
        var lagP50Seconds: Double?
        var lagP99Seconds: Double?
    }
}

extension SitegenRuntime {
    /// `GET /healthz`: 200 while everything works; 503 while the store cannot write, so a load
    /// balancer or monitor notices a server that serves pages but can keep nothing.
    func health(detailed: Bool) -> Response {
        let deployment = live.deployment
        let storeHealth = store?.health
        let ok = storeHealth?.isWriting ?? true
        var answer = HealthAnswer(
            ok: ok, recording: options.mode.isRecording, store: storeHealth?.name,
            droppedDecisions: store?.droppedDecisions)
        if options.sharedStore != nil {
            let shipping = shipperStatus.current
            answer.sharedStore = shipping.reachable.map { $0 ? "ok" : "unreachable" } ?? "pending"
            answer.degraded = shipping.reachable == false
            answer.unshipped = HealthAnswer.Unshipped(
                decisions: shipping.unshippedDecisions, conversions: shipping.unshippedConversions)
            let pulling = pullerStatus.current
            answer.pulled = HealthAnswer.Pulled(
                state: pulling.reachable.map { $0 ? "ok" : "unreachable" } ?? "pending", events: pulling.pulledEvents,
                lagP50Seconds: pulling.lag.quantile(0.5), lagP99Seconds: pulling.lag.quantile(0.99))
            if detailed { answer.sharedStoreProblem = shipping.lastProblem ?? pulling.lastProblem }
        }
        if detailed {
            answer.buildId = deployment.manifest.buildID
            answer.sites = deployment.siteIDs
            answer.storeProblem = storeHealth?.problem.map(String.init(describing:))
        }
        return Responses.json(answer, status: ok ? .ok : .serviceUnavailable)
    }

    /// `GET /metrics` in Prometheus text format.
    func prometheus() -> Response {
        var gauges: [ScrapedGauge] = []
        for anomaly in anomalyWatch.current {
            gauges.append(
                ScrapedGauge(
                    name: "sitegen_anomaly_active",
                    help:
                        "1 while an anomaly goes on at a site (kind: drop, spike, zero; rate-collapse with its variant).",
                    labels: [("site", anomaly.site), ("kind", anomaly.kind.rawValue)]
                        + (anomaly.variant.map { [("variant", $0)] } ?? []),
                    value: 1))
        }
        let live = self.live
        for id in live.deployment.siteIDs {
            guard let model = live.models[id] else { continue }
            for report in model.report() {
                let labels = [("site", id), ("variant", report.variant)]
                gauges += [
                    ScrapedGauge(
                        name: "sitegen_model_impressions", help: "Impressions the live model has learned from.",
                        labels: labels, value: Double(report.impressions)),
                    ScrapedGauge(
                        name: "sitegen_model_conversions", help: "Conversions the live model has learned from.",
                        labels: labels, value: Double(report.conversions)),
                    ScrapedGauge(
                        name: "sitegen_model_probability_best", help: "Posterior probability that the variant is best.",
                        labels: labels, value: report.probabilityBest.finiteOrZero),
                ]
            }
            gauges.append(
                ScrapedGauge(
                    name: "sitegen_model_events_since_snapshot", help: "Learned events not yet in a snapshot.",
                    labels: [("site", id)], value: Double(model.eventsSinceSnapshot)))
        }
        if let store {
            gauges += [
                ScrapedGauge(
                    name: "sitegen_store_dropped_decisions", help: "Impressions the store could not keep.",
                    value: Double(store.droppedDecisions)),
                ScrapedGauge(
                    name: "sitegen_store_buffered_decisions", help: "Impressions in memory waiting to be written.",
                    value: Double(store.bufferedDecisions)),
                ScrapedGauge(
                    name: "sitegen_store_writing",
                    help: "1 while the event store can write; 0 while writes fail or the file is gone.",
                    value: store.health.isWriting ? 1 : 0),
            ]
        }
        if options.sharedStore != nil {
            let shipping = shipperStatus.current
            let pulling = pullerStatus.current
            gauges += [
                ScrapedGauge(
                    name: "sitegen_shipper_lag_events",
                    help: "Committed local events (decisions and conversions) not yet in the shared store.",
                    value: Double(shipping.lag)),
                ScrapedGauge(
                    name: "sitegen_shared_store_reachable",
                    help: "1 while the last shipping attempt reached the shared store.",
                    value: shipping.reachable == false ? 0 : 1),
                ScrapedGauge(
                    name: "sitegen_shared_pulled_events", help: "Other nodes' events learned here since start.",
                    value: Double(pulling.pulledEvents)),
            ]
            for quantile in [0.5, 0.99] {
                guard let lag = pulling.lag.quantile(quantile) else { break }
                gauges.append(
                    ScrapedGauge(
                        name: "sitegen_shared_pull_lag_seconds",
                        help: "Seconds from an event on its node to its learning here, over the last pulled events.",
                        labels: [("quantile", "\(quantile)")], value: lag))
            }
        }
        return Responses.text(
            metrics.prometheusText(gauges: gauges), contentType: "text/plain; version=0.0.4; charset=utf-8")
    }
}
