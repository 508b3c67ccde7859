import Prometheus

/// A value read when `/metrics` is scraped (store queue depth, per-site model figures), rather
/// than counted as it happens.
struct ScrapedGauge {
    var name: String
    var help: String
    var labels: [(String, String)] = []
    var value: Double
}

extension RuntimeMetrics {
    /// Prometheus text exposition (version 0.0.4) of the counters plus `gauges`. The gauges go
    /// through a registry made for this scrape, so a site or an anomaly that is gone leaves no
    /// stale series behind.
    func prometheusText(gauges: [ScrapedGauge]) -> String {
        let scraped = PrometheusCollectorRegistry()
        for gauge in gauges {
            scraped.makeGauge(descriptor: MetricNameDescriptor(gauge.name, help: gauge.help), labels: gauge.labels)
                .set(gauge.value)
        }
        return registry.emitToString() + scraped.emitToString()
    }
}
