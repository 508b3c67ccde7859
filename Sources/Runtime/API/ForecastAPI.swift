import Foundation
import Hummingbird
import Insight

/// `POST /ml/forecast/scans`, `POST /ml/forecast/revenue` and `POST /ml/detect/anomalies`: the
/// forecasting service, for a served site (history from the store) or for any series a caller
/// sends, so other systems can use it too. The maths is Insight's; this only reads and answers.
extension SitegenRuntime {
    func forecast(_ request: Request, metric: ActivityMetric) async -> Response {
        let input: ForecastRequest
        let series: ForecastRegularSeries
        do {
            input = try JSONInput.decode(
                ForecastRequest.self, from: try await RequestBodyReader.read(request, limit: options.maxBodyBytes))
            series = try history(for: input, metric: metric)
        } catch let error as BodyError {
            return error.response
        } catch let error as ForecastRequestError {
            return Responses.error(.badRequest, error.message)
        } catch {
            return Responses.error(.badRequest, "\(error)")
        }
        let horizon = input.horizon ?? ForecastRequest.defaultHorizon
        do {
            let result = try Forecaster.forecast(series: series, horizon: horizon)
            return Responses.json(ForecastAnswer(result: result, series: series))
        } catch {
            return Responses.error(.badRequest, error.message)
        }
    }

    func detectAnomalies(_ request: Request) async -> Response {
        let input: ForecastRequest
        let series: ForecastRegularSeries
        do {
            input = try JSONInput.decode(
                ForecastRequest.self, from: try await RequestBodyReader.read(request, limit: options.maxBodyBytes))
            series = try history(for: input, metric: .scans)
        } catch let error as BodyError {
            return error.response
        } catch let error as ForecastRequestError {
            return Responses.error(.badRequest, error.message)
        } catch {
            return Responses.error(.badRequest, "\(error)")
        }
        var report: AnomalyReport
        do {
            report = try AnomalyDetector(frequency: series.frequency).detect(series: series)
        } catch {
            return Responses.error(.badRequest, error.message)
        }
        // A whole site's check covers its variants' conversion rates too (hourly counters).
        if let site = input.site, input.placement == nil, input.variant == nil, series.frequency == .hourly,
            let store
        {
            do {
                report = report.adding(try store.rateCollapse(site: site, timeZone: series.timeZone, now: Date()))
            } catch {
                logger.error("site \(site): conversion-rate check failed: \(error)")
                return Responses.error(
                    .serviceUnavailable, "the site's conversion-rate history could not be read; retry")
            }
        }
        return Responses.json(AnomalyAnswer(report: report, frequency: series.frequency, timeZone: series.timeZone))
    }

    /// The caller's own series, or the site's stored history in the site's time zone.
    private func history(for input: ForecastRequest, metric: ActivityMetric) throws(ForecastRequestError)
        -> ForecastRegularSeries
    {
        switch (input.series, input.site) {
        case (.some, .some):
            throw .invalid("give either 'series' or 'site', not both")
        case (.none, .none):
            throw .invalid("missing field 'site' or 'series'")
        case (.some, .none):
            guard let series = try input.explicitSeries() else { throw .invalid("missing field 'series'") }
            return series
        case (.none, .some(let siteID)):
            guard let site = live.deployment.sites[siteID] else {
                let known = live.deployment.siteIDs.joined(separator: ", ")
                throw .invalid("no site '\(siteID)' is served here (sites: \(known))")
            }
            if let variant = input.variant, site.variantIndex[variant] == nil {
                throw .invalid(
                    "site '\(siteID)' has no variant '\(variant)' (variants: \(site.variantIDs.joined(separator: ", ")))"
                )
            }
            if let placement = input.placement, !site.manifest.qr.contains(where: { $0.placement == placement }) {
                let known = site.manifest.qr.map(\.placement).joined(separator: ", ")
                throw .invalid("site '\(siteID)' has no QR placement '\(placement)' (placements: \(known))")
            }
            guard let store else { throw .invalid("nothing is recorded in development mode") }
            let series: ForecastRegularSeries?
            do {
                series = try store.activitySeries(
                    site: siteID, metric: metric, variant: input.variant, placement: input.placement,
                    frequency: input.frequency ?? .daily, timeZone: SiteTimeZone.named(site.manifest.timezone),
                    now: Date())
            } catch {
                throw .invalid("reading the history failed: \(error)")
            }
            guard let series else {
                throw .invalid(
                    "site '\(siteID)' has no complete \(input.frequency == .hourly ? "hour" : "day") of history yet")
            }
            return series
        }
    }
}
