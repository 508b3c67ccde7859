import DistFormat
import Foundation
import Hummingbird
import Insight

extension SitegenRuntime {
    /// `GET /_sitegen/report/<site>` (the HTML page) and `GET /_sitegen/report/<site>.json`, from
    /// the live store: what is committed, plus what the writer still buffers once flushed.
    func report(path: String) async -> Response {
        var site = String(path.dropFirst("/_sitegen/report/".count))
        let json = site.hasSuffix(".json")
        if json { site.removeLast(".json".count) }
        let known = live.deployment.siteIDs
        guard known.contains(site) else {
            return Responses.error(
                .notFound, "no site '\(site)' is served here\(didYouMean(site, in: known))")
        }
        guard let store else {
            return Responses.error(.serviceUnavailable, "this server records nothing, so it has no report")
        }
        do {
            try await store.flush()
        } catch {
            return Responses.error(.serviceUnavailable, "the event store could not be flushed; retry")
        }
        let service: ReportService
        do {
            service = try ReportService.open(path: store.path)
        } catch {
            return Responses.error(.serviceUnavailable, "the event store could not be read: \(error)")
        }
        defer { service.close() }
        let report: SiteReport
        do {
            report = try service.report(site: site, from: nil, to: nil)
        } catch {
            if case .unknownSite = error {
                // Served, but nothing recorded yet: an honest empty report.
                report = SiteReportBuilder.build(emptyScan(site: site), generatedAt: Date())
            } else {
                return Responses.error(.internalServerError, "report failed: \(error)")
            }
        }
        if json {
            guard let body = try? SiteReportJSON.render(report) else {
                return Responses.error(.internalServerError, "report could not be encoded")
            }
            return Responses.text(body, contentType: "application/json")
        }
        return Responses.text(SiteReportHTML.render(report), contentType: "text/html; charset=utf-8")
    }

    private func emptyScan(site: String) -> ReportScan {
        let manifest = live.deployment.sites[site]?.manifest
        let layout = manifest.map(SiteLayout.init)
        return ReportAggregator(site: site, layout: layout).finish(
            from: Date(), to: Date(), scansByHour: [:], placementScans: [:], lastEventAt: nil, droppedEvents: 0,
            olderSchema: false)
    }
}
