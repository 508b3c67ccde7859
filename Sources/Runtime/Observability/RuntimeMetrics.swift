import Prometheus

/// Counters for `/metrics`, in swift-prometheus's registry. Every counter is made once, here, so
/// counting a request costs one relaxed atomic add and no lock (making one per request by its
/// labels would take the registry's lock and a dictionary lookup each time).
///
/// The registry is this runtime's own rather than swift-metrics' process-wide
/// `MetricsSystem.bootstrap`: one process can hold several runtimes (the tests, the preview), and
/// each `/metrics` must show its own.
package final class RuntimeMetrics: Sendable {
    static let statusClasses = 5
    let registry = PrometheusCollectorRegistry()
    /// `sitegen_http_requests_total`, one counter per route and status class.
    private let requests: [Counter]
    let decisions: Counter
    let pinnedDecisions: Counter
    let botDecisions: Counter
    let conversions: Counter
    let duplicateConversions: Counter
    /// Browser-reported values lowered to their goal's cap: honest overshoots or inflation tries.
    let cappedValues: Counter
    /// Pixel postbacks whose click token credited nothing (forged, expired, another site's, or
    /// naming no recorded decision): the pixel answers them like good ones, so only this tells.
    let rejectedClicks: Counter
    let rateLimited: Counter
    /// API requests refused `401` or `403` (no key, an unknown or revoked one, the wrong scope).
    let authFailures: Counter
    /// API requests refused `429` because their client failed too often.
    let authRateLimited: Counter
    let reloads: Counter
    let failedReloads: Counter
    let snapshots: Counter
    /// Conversions answered `202` for another node's decision not shipped yet (`PendingJoins`),
    /// those joined to it since, and those dropped because it never came.
    let pendingJoins: Counter
    let joinedPending: Counter
    let expiredPending: Counter
    /// Raw decisions folded into per-day totals by retention.
    let foldedDecisions: Counter

    package init() {
        let registry = registry
        func counter(_ name: String, _ help: String) -> Counter {
            registry.makeCounter(descriptor: MetricNameDescriptor(name, help: help))
        }
        requests = RouteKind.allCases.flatMap { route in
            (1...Self.statusClasses).map { statusClass in
                registry.makeCounter(
                    descriptor: MetricNameDescriptor(
                        "sitegen_http_requests_total", help: "HTTP requests answered, by route and status class."),
                    labels: [("route", route.label), ("status", "\(statusClass)xx")])
            }
        }
        decisions = counter("sitegen_decisions_total", "Assignments made by a policy or a pinned QR placement.")
        pinnedDecisions = counter("sitegen_pinned_decisions_total", "Assignments fixed by a pinned QR placement.")
        botDecisions = counter(
            "sitegen_bot_decisions_total", "Assignments made for bots (recorded, never learned from).")
        conversions = counter("sitegen_conversions_total", "Conversions committed to the event store.")
        duplicateConversions = counter(
            "sitegen_duplicate_conversions_total", "Conversions refused as repeats of a decision and goal.")
        pendingJoins = counter(
            "sitegen_pending_joins_total",
            "Conversions accepted (202) for another node's decision not in the shared store yet.")
        joinedPending = counter(
            "sitegen_pending_joins_joined_total", "Accepted conversions recorded once their decision arrived.")
        expiredPending = counter(
            "sitegen_pending_joins_expired_total",
            "Accepted conversions dropped because their decision did not arrive within the cookie lifetime.")
        cappedValues = counter(
            "sitegen_capped_values_total", "Browser-reported conversion values lowered to the goal's cap.")
        rejectedClicks = counter(
            "sitegen_rejected_clicks_total",
            "Pixel postbacks whose click token credited nothing (forged, expired, other site, unknown decision).")
        rateLimited = counter(
            "sitegen_rate_limited_total", "Conversion requests refused by the per-client rate limit.")
        authFailures = counter(
            "sitegen_auth_failures_total", "API requests refused for a missing, invalid or insufficient key.")
        authRateLimited = counter(
            "sitegen_auth_rate_limited_total", "API requests refused because their client failed too often.")
        reloads = counter("sitegen_reloads_total", "Successful dist reloads (SIGHUP).")
        failedReloads = counter("sitegen_failed_reloads_total", "Reloads refused because the new dist was broken.")
        snapshots = counter("sitegen_snapshots_total", "Model snapshots written.")
        foldedDecisions = counter(
            "sitegen_store_folded_decisions_total", "Old decisions folded into daily totals by retention.")
    }

    func count(_ route: RouteKind, status: Int) {
        let statusClass = min(max(status / 100, 1), Self.statusClasses) - 1
        requests[route.rawValue * Self.statusClasses + statusClass].increment()
    }
}

extension MetricNameDescriptor {
    /// A metric named in full, as our names are written everywhere else (docs, tests, dashboards).
    init(_ name: String, help: String) {
        self.init(metricName: name, unitName: "", helpText: help)
    }
}
