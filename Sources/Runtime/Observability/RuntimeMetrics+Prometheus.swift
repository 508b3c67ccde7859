import Synchronization

extension RuntimeMetrics {
    /// Prometheus text exposition (version 0.0.4) of the counters plus gauges the caller supplies
    /// (store queue depth, per-site model figures).
    func prometheusText(gauges: [(name: String, help: String, labels: String, value: Double)]) -> String {
        var out = "# HELP sitegen_http_requests_total HTTP requests answered, by route and status class.\n"
        out += "# TYPE sitegen_http_requests_total counter\n"
        for route in RouteKind.allCases {
            for statusClass in 1...Self.statusClasses {
                let value = requestCount(route, statusClass: statusClass)
                guard value > 0 else { continue }
                out += "sitegen_http_requests_total{route=\"\(route.label)\",status=\"\(statusClass)xx\"} \(value)\n"
            }
        }
        let counters: [(String, String, Int)] = [
            (
                "sitegen_decisions_total", "Assignments made by a policy or a pinned QR placement.",
                decisions.load(ordering: .relaxed)
            ),
            (
                "sitegen_pinned_decisions_total", "Assignments fixed by a pinned QR placement.",
                pinnedDecisions.load(ordering: .relaxed)
            ),
            (
                "sitegen_bot_decisions_total", "Assignments made for bots (recorded, never learned from).",
                botDecisions.load(ordering: .relaxed)
            ),
            (
                "sitegen_conversions_total", "Conversions committed to the event store.",
                conversions.load(ordering: .relaxed)
            ),
            (
                "sitegen_duplicate_conversions_total", "Conversions refused as repeats of a decision and goal.",
                duplicateConversions.load(ordering: .relaxed)
            ),
            (
                "sitegen_pending_joins_total",
                "Conversions accepted (202) for another node's decision not in the shared store yet.",
                pendingJoins.load(ordering: .relaxed)
            ),
            (
                "sitegen_pending_joins_joined_total", "Accepted conversions recorded once their decision arrived.",
                joinedPending.load(ordering: .relaxed)
            ),
            (
                "sitegen_pending_joins_expired_total",
                "Accepted conversions dropped because their decision did not arrive within the cookie lifetime.",
                expiredPending.load(ordering: .relaxed)
            ),
            (
                "sitegen_capped_values_total", "Browser-reported conversion values lowered to the goal's cap.",
                cappedValues.load(ordering: .relaxed)
            ),
            (
                "sitegen_rejected_clicks_total",
                "Pixel postbacks whose click token credited nothing (forged, expired, other site, unknown decision).",
                rejectedClicks.load(ordering: .relaxed)
            ),
            (
                "sitegen_rate_limited_total", "Conversion requests refused by the per-client rate limit.",
                rateLimited.load(ordering: .relaxed)
            ),
            (
                "sitegen_auth_failures_total", "API requests refused for a missing, invalid or insufficient key.",
                authFailures.load(ordering: .relaxed)
            ),
            (
                "sitegen_auth_rate_limited_total", "API requests refused because their client failed too often.",
                authRateLimited.load(ordering: .relaxed)
            ),
            ("sitegen_reloads_total", "Successful dist reloads (SIGHUP).", reloads.load(ordering: .relaxed)),
            (
                "sitegen_failed_reloads_total", "Reloads refused because the new dist was broken.",
                failedReloads.load(ordering: .relaxed)
            ),
            ("sitegen_snapshots_total", "Model snapshots written.", snapshots.load(ordering: .relaxed)),
            (
                "sitegen_store_folded_decisions_total", "Old decisions folded into daily totals by retention.",
                foldedDecisions.load(ordering: .relaxed)
            ),
        ]
        for (name, help, value) in counters {
            out += "# HELP \(name) \(help)\n# TYPE \(name) counter\n\(name) \(value)\n"
        }
        var described = Set<String>()
        for gauge in gauges {
            if described.insert(gauge.name).inserted {
                out += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) gauge\n"
            }
            let labels = gauge.labels.isEmpty ? "" : "{\(gauge.labels)}"
            out += "\(gauge.name)\(labels) \(gauge.value)\n"
        }
        return out
    }
}
