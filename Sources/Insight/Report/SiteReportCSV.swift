import Foundation

/// The report as one CSV file (RFC 4180: CRLF line ends, fields quoted when they hold a comma,
/// quote, CR or LF, quotes doubled).
///
/// Layout: one section per table, in the order of the HTML page, separated by an empty line. Each
/// section starts with its own header row, and every row's first column names its section
/// (`report`, `variants`, `timeline`, `segments`, `placements`, `health`, `srm`, `policyValue`,
/// `forecast`, `anomalies`), so filtering on the first column gives one flat table.
/// Numbers are plain (dot decimal, no grouping, rates as fractions 0–1); a value that cannot be
/// computed is an empty field. Dates are ISO 8601 in UTC.
package enum SiteReportCSV {
    package static func render(_ report: SiteReport) -> String {
        var sections: [[[String]]] = []
        let u = report.units
        sections.append([
            ["section", "field", "value"],
            ["report", "site", report.site],
            ["report", "generatedAt", ReportFormat.iso(report.generatedAt)],
            ["report", "from", ReportFormat.iso(report.from)],
            ["report", "to", ReportFormat.iso(report.to)],
            ["report", "verdict", report.verdict.kind.rawValue],
            ["report", "leader", report.verdict.leader ?? ""],
            ["report", "verdictText", report.verdict.text],
            ["report", "revenueUnit", u.revenue],
            ["report", "rateUnit", u.rate],
            ["report", "impressionsUnit", u.impressions],
        ])
        var variants = [
            [
                "section", "variant", "impressions", "conversions", "conversionRate", "rateLower", "rateUpper",
                "chanceToBeBest", "revenue", "revenuePerVisit", "revenuePerVisitLower", "revenuePerVisitUpper",
                "chanceToBeBestRevenuePerVisit", "botImpressions", "pinnedImpressions",
                "upliftOverRunnerUp", "upliftOverRunnerUpLower", "upliftOverRunnerUpUpper",
                "upliftOverFirst", "upliftOverFirstLower", "upliftOverFirstUpper",
            ]
        ]
        for v in report.variants {
            variants.append([
                "variants", v.id, String(v.impressions), String(v.conversions), num(v.conversionRate),
                lo(v.rateInterval), hi(v.rateInterval), num(v.chanceToBeBest), num(v.revenue),
                num(v.revenuePerVisit), lo(v.revenuePerVisitInterval), hi(v.revenuePerVisitInterval),
                num(v.chanceToBeBestRevenuePerVisit), String(v.botImpressions), String(v.pinnedImpressions),
                num(v.upliftOverRunnerUp?.value), num(v.upliftOverRunnerUp?.lower), num(v.upliftOverRunnerUp?.upper),
                num(v.upliftOverFirst?.value), num(v.upliftOverFirst?.lower), num(v.upliftOverFirst?.upper),
            ])
        }
        sections.append(variants)
        var timeline = [
            [
                "section", "bucket", "variant", "impressions", "conversions", "cumulativeRate",
                "cumulativeRateLower", "cumulativeRateUpper", "chanceToBeBest", "scans",
            ]
        ]
        for b in report.timeline {
            // Scans belong to the bucket, not to a variant: one row with an empty variant carries them.
            timeline.append(["timeline", b.bucket, "", "", "", "", "", "", "", String(b.scans)])
            for v in b.variants {
                timeline.append([
                    "timeline", b.bucket, v.id, String(v.impressions), String(v.conversions), num(v.cumulativeRate),
                    lo(v.cumulativeRateInterval), hi(v.cumulativeRateInterval), num(v.chanceToBeBest), "",
                ])
            }
        }
        sections.append(timeline)
        var segments = [
            [
                "section", "dimension", "value", "variant", "impressions", "conversions", "conversionRate",
                "chanceToBeBest", "isLeader", "differsFromOverall",
            ]
        ]
        for s in report.segments {
            for v in s.variants {
                segments.append([
                    "segments", s.dimension.rawValue, s.value, v.id, String(v.impressions), String(v.conversions),
                    num(v.conversionRate), num(v.chanceToBeBest), v.id == s.leader ? "true" : "false",
                    s.differsFromOverall ? "true" : "false",
                ])
            }
        }
        sections.append(segments)
        var placements = [
            [
                "section", "placement", "pinned", "pinnedVariant", "scans", "uniqueVisitors", "conversions",
                "conversionRate", "rateLower", "rateUpper",
            ]
        ]
        for p in report.placements {
            placements.append([
                "placements", p.id, p.pinned ? "true" : "false", p.pinnedVariant ?? "", String(p.scans),
                String(p.uniqueVisitors), String(p.conversions), num(p.conversionRate),
                lo(p.rateInterval), hi(p.rateInterval),
            ])
        }
        sections.append(placements)
        let h = report.health
        sections.append([
            ["section", "field", "value"],
            ["health", "totalImpressions", String(h.totalImpressions)],
            ["health", "botImpressions", String(h.botImpressions)],
            ["health", "pinnedImpressions", String(h.pinnedImpressions)],
            ["health", "botShare", num(h.botShare)],
            ["health", "pinnedShare", num(h.pinnedShare)],
            ["health", "droppedEvents", String(h.droppedEvents)],
            ["health", "lastEventAt", ReportFormat.iso(h.lastEventAt)],
            ["health", "secondsSinceLastEvent", num(h.secondsSinceLastEvent)],
            ["health", "srmPValue", num(report.srm?.pValue)],
            ["health", "srmFlagged", report.srm.map { $0.flagged ? "true" : "false" } ?? ""],
        ])
        if let srm = report.srm {
            var rows = [
                [
                    "section", "scope", "variant", "observed", "expected", "chiSquare", "degreesOfFreedom", "pValue",
                    "flagged",
                ]
            ]
            rows.append([
                "srm", "overall", "", "", "", num(srm.chiSquare), srm.degreesOfFreedom.map(String.init) ?? "",
                num(srm.pValue), srm.flagged ? "true" : "false",
            ])
            for c in srm.variants {
                rows.append(["srm", "overall", c.id, String(c.observed), num(c.expected), "", "", "", ""])
            }
            for c in srm.cells {
                rows.append([
                    "srm", c.cell, "", "", "", num(c.chiSquare), c.degreesOfFreedom.map(String.init) ?? "",
                    num(c.pValue), c.flagged ? "true" : "false",
                ])
            }
            sections.append(rows)
        }
        var policy = [
            ["section", "policy", "estimator", "metric", "value", "lower", "upper", "effectiveSampleSize", "maxWeight"]
        ]
        for p in report.policyValue {
            policy.append([
                "policyValue", p.policy.key, p.estimator.rawValue, p.metric.rawValue, num(p.value), num(p.lower),
                num(p.upper), num(p.effectiveSampleSize), num(p.maxWeight),
            ])
        }
        sections.append(policy)
        if let f = report.forecast {
            var rows = [["section", "metric", "bucket", "value", "lower80", "upper80", "lower95", "upper95"]]
            for p in f.points {
                rows.append([
                    "forecast", f.metric, p.bucket, num(p.value), num(p.lower80), num(p.upper80), num(p.lower95),
                    num(p.upper95),
                ])
            }
            sections.append(rows)
        }
        if let anomalies = report.anomalies {
            var rows = [["section", "start", "end", "kind", "subject", "expected", "actual", "text"]]
            for a in anomalies {
                rows.append([
                    "anomalies", ReportFormat.iso(a.start), ReportFormat.iso(a.end), a.kind, a.subject ?? "",
                    num(a.expected), num(a.actual), a.text,
                ])
            }
            sections.append(rows)
        }
        return sections.map { $0.map(line).joined() }.joined(separator: "\r\n")
    }

    /// One record, CRLF-terminated.
    static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// RFC 4180 quoting of one field.
    package static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return s
        }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Full precision for programs, empty for missing or non-finite.
    static func num(_ x: Double?) -> String {
        guard let x = ReportFormat.finite(x) else { return "" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    static func lo(_ interval: [Double]?) -> String { interval.flatMap { $0.count == 2 ? num($0[0]) : nil } ?? "" }
    static func hi(_ interval: [Double]?) -> String { interval.flatMap { $0.count == 2 ? num($0[1]) : nil } ?? "" }
}
