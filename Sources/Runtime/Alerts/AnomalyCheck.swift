import Foundation
import Insight

extension SitegenRuntime {
    /// Runs the detector over every served site's complete hours of visits and its variants'
    /// conversion rates (`rateCollapse`), updates
    /// `anomalyWatch`, and returns what started or ended since the last check. A site with too
    /// little history is still learning and reports nothing; a site whose history cannot be read
    /// keeps its previous state (and the failure is logged).
    package func checkAnomalies(now: Date = Date()) -> [AnomalyWatch.Change] {
        guard let store else { return [] }
        var checked: Set<String> = []
        var found: [AnomalyWatch.Active] = []
        for site in live.deployment.sites.values {
            let timeZone = SiteTimeZone.named(site.manifest.timezone)
            let series: ForecastRegularSeries?
            do {
                series = try store.activitySeries(
                    site: site.id, metric: .scans, frequency: .hourly, timeZone: timeZone, now: now)
            } catch {
                logger.error("anomaly check: reading site \(site.id)'s history failed: \(error)")
                continue
            }
            checked.insert(site.id)
            var anomalies: [Anomaly] = []
            if let series {
                do {
                    anomalies += try AnomalyDetector(frequency: .hourly).detect(series: series).anomalies
                } catch {
                    logger.error("anomaly check: site \(site.id): \(error.message)")
                }
            }
            // Independent of the scans: a variant's conversions can stop while its traffic is fine.
            do {
                anomalies += try store.rateCollapse(site: site.id, timeZone: timeZone, now: now)?.anomalies ?? []
            } catch {
                logger.error("anomaly check: site \(site.id)'s conversion rates: \(error)")
            }
            let label = AnomalyAnswer(
                report: .checked(anomalies: anomalies, model: ""), frequency: .hourly, timeZone: timeZone)
            for anomaly in label.anomalies where anomaly.end == nil {
                found.append(
                    AnomalyWatch.Active(
                        site: site.id, kind: anomaly.kind, variant: anomaly.variant, start: anomaly.start,
                        expected: anomaly.expected, actual: anomaly.actual, summary: anomaly.summary))
            }
        }
        return anomalyWatch.update(checked: checked, found: found, at: now)
    }
}
