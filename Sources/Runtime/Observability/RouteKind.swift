/// The routes `/metrics` counts separately; a fixed set so counters are plain atomics.
package enum RouteKind: Int, CaseIterable, Sendable {
    case page, asset, convert, go, banditSelect, banditUpdate, models, modelMetrics, context, health, metrics, notFound
    case forecastScans, forecastRevenue, detectAnomalies, report, pixel

    var label: String {
        switch self {
        case .page: "page"
        case .asset: "asset"
        case .convert: "convert"
        case .go: "go"
        case .banditSelect: "bandit_select"
        case .banditUpdate: "bandit_update"
        case .models: "models"
        case .modelMetrics: "model_metrics"
        case .context: "context"
        case .health: "healthz"
        case .metrics: "metrics"
        case .notFound: "not_found"
        case .forecastScans: "forecast_scans"
        case .forecastRevenue: "forecast_revenue"
        case .detectAnomalies: "detect_anomalies"
        case .report: "report"
        case .pixel: "pixel"
        }
    }
}
