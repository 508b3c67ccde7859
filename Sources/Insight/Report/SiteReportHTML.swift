import Foundation

/// Renders a `SiteReport` as one self-contained HTML page: inline CSS and SVG, no script, no
/// external request, readable on screen and printed on A4.
package enum SiteReportHTML {
    package static func render(_ report: SiteReport) -> String {
        let h = ReportFormat.html
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        // Belt and braces for "no external request": the page forbids itself to load anything.
        out +=
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        out +=
            "<title>\(h(report.site)) · results \(h(ReportFormat.date(report.from))) – \(h(ReportFormat.date(report.to)))</title>"
        out += "<style>\(ReportStyle.css)</style></head><body><main>"
        out += header(report)
        out += verdict(report)
        out += leaderboard(report)
        out += overTime(report)
        out += segments(report)
        out += placements(report)
        out += health(report)
        out += policyValue(report)
        out += footer(report)
        out += "</main></body></html>\n"
        return out
    }

    static func section(_ id: String, _ title: String, lead: String?, cls: String = "", _ body: String) -> String {
        var s = "<section id=\"\(id)\"\(cls.isEmpty ? "" : " class=\"\(cls)\"")><h2>\(ReportFormat.html(title))</h2>"
        if let lead { s += "<p class=\"lead\">\(lead)</p>" }
        return s + body + "</section>"
    }

    /// A second line under a number; nothing at all when there is nothing to say.
    static func sub(_ text: String) -> String {
        text == ReportFormat.missing || text.isEmpty ? "" : "<span class=\"sub\">\(text)</span>"
    }

    static func empty(_ text: String) -> String { "<div class=\"empty\">\(ReportFormat.html(text))</div>" }

    static func kpi(_ label: String, _ value: String, sub: String? = nil, valueClass: String = "") -> String {
        var s =
            "<div class=\"kpi\"><div class=\"l\">\(ReportFormat.html(label))</div><div class=\"v\(valueClass.isEmpty ? "" : " " + valueClass)\">\(value)</div>"
        if let sub { s += "<div class=\"s\">\(sub)</div>" }
        return s + "</div>"
    }

    static func index(_ report: SiteReport, _ id: String?) -> Int {
        report.variants.firstIndex { $0.id == id } ?? 0
    }

    // MARK: header

    static func header(_ r: SiteReport) -> String {
        let h = ReportFormat.html
        return "<header class=\"top\"><div><div class=\"eyebrow\">sitegen results</div><h1>\(h(r.site))</h1></div>"
            + "<div class=\"meta\">\(h(ReportFormat.date(r.from))) – \(h(ReportFormat.date(r.to)))<br>generated \(h(ReportFormat.dateTime(r.generatedAt)))</div></header>"
    }

    // MARK: verdict

    static func upliftValue(_ u: SiteReportUplift?) -> (String, String, String) {
        guard let u, let v = ReportFormat.finite(u.value) else { return (ReportFormat.missing, "", "") }
        let cls =
            (ReportFormat.finite(u.lower) ?? -1) > 0 ? "pos" : (ReportFormat.finite(u.upper) ?? 1) < 0 ? "neg" : ""
        let ci =
            ReportFormat.finite(u.lower) != nil && ReportFormat.finite(u.upper) != nil
            ? "95% CI \(ReportFormat.signedPercent(u.lower)) to \(ReportFormat.signedPercent(u.upper))" : "no interval"
        return (ReportFormat.signedPercent(v), ci, cls)
    }

    static func verdict(_ r: SiteReport) -> String {
        let h = ReportFormat.html
        let v = r.verdict
        let kind = v.kind.rawValue
        var body = "<span class=\"chip k-\(kind)\">Verdict: \(h(SiteReportWording.kindName(v.kind)))</span>"
        body += "<h2>\(h(r.isEmpty ? "No data yet" : v.headline))</h2>"
        body += "<p class=\"text\">\(h(v.text))</p>"
        if r.isEmpty {
            body += empty(
                "No visitor was shown a variant between \(ReportFormat.date(r.from)) and \(ReportFormat.date(r.to)). Once the QR codes are scanned, this page fills in; nothing below is estimated from zero data."
            )
            return "<section id=\"verdict\" class=\"verdict k-\(kind)\">\(body)</section>"
        }
        let leader = r.variants.first { $0.id == v.leader }
        var cards = ""
        if let leader {
            cards += kpi(
                "Leading variant", ReportText.id(leader.id, limit: 28),
                sub:
                    "converts \(ReportFormat.percent(leader.conversionRate)) · 95% CI \(ReportFormat.interval(leader.rateInterval) { ReportFormat.percent($0) })"
            )
        }
        if r.variants.count > 1 {
            cards += kpi(
                "Chance to be best", h(ReportFormat.probability(v.leaderChanceToBeBest)),
                sub: "of \(r.variants.count) variants")
        } else {
            body +=
                "<div class=\"callout\">This site has only one variant, so there is nothing to compare: the numbers below describe it alone. Declare a second variant to let the policy learn which works better.</div>"
        }
        if let runner = v.runnerUp {
            let (val, ci, cls) = upliftValue(v.upliftOverRunnerUp)
            cards += kpi(
                "Uplift over runner-up", val,
                sub: "vs \(ReportText.id(runner, limit: 24))" + (ci.isEmpty ? "" : " · " + ci), valueClass: cls)
        }
        if let first = v.first, first != v.leader {
            let (val, ci, cls) = upliftValue(v.upliftOverFirst)
            cards += kpi(
                "Uplift over first variant", val,
                sub: "vs \(ReportText.id(first, limit: 24))" + (ci.isEmpty ? "" : " · " + ci), valueClass: cls)
        }
        cards += kpi(
            "Conversions so far", ReportFormat.integer(v.conversions),
            sub: "from \(ReportFormat.integer(r.totalImpressions)) learnable impressions")
        if let revenue = ReportFormat.finite(v.revenue ?? r.totalRevenue) {
            cards += kpi(
                "Revenue so far", h(ReportFormat.money(revenue, units: r.units)), sub: "in \(h(r.units.revenue))")
        }
        if r.srm?.flagged == true {
            body +=
                "<div class=\"callout bad\"><strong>Check the traffic split before trusting this verdict:</strong> the sample-ratio test flagged a mismatch (see Health).</div>"
        }
        body += "<div class=\"kpis\">\(cards)</div>"
        return "<section id=\"verdict\" class=\"verdict k-\(kind)\">\(body)</section>"
    }

    // MARK: leaderboard

    static func leaderboard(_ r: SiteReport) -> String {
        let h = ReportFormat.html
        let lead =
            "Per variant, counting what the policy learns from (no bots, no pinned placements). Rate: \(h(r.units.rate)). Bars: posterior mean (black tick) and 95% credible interval of the conversion rate; the dotted line is the first variant's mean."
        guard !r.variants.isEmpty else {
            return section("leaderboard", "Leaderboard", lead: nil, empty("This site has no variants in this period."))
        }
        let domain = ReportIntervalCharts.rateDomain(r.variants)
        let reference =
            r.variants.count > 1
            ? (ReportFormat.finite(r.variants[0].posteriorMean) ?? ReportFormat.finite(r.variants[0].conversionRate))
            : nil
        let hasRevenue = r.variants.contains { $0.revenuePerVisit != nil }
        var t =
            "<div class=\"tablewrap\"><table class=\"lb\"><thead><tr><th class=\"l\">Variant</th><th>Impressions</th><th>Conversions</th><th>Rate<span class=\"sub\">95% CI</span></th>"
        t +=
            "<th class=\"l\">\(r.isEmpty ? "Posterior, 95% CI" : ReportIntervalCharts.rateAxis(max: domain))</th><th>Chance to<br>be best</th>"
        if hasRevenue { t += "<th>Revenue<br>per visit<span class=\"sub\">\(h(r.units.revenue)), 95% CI</span></th>" }
        t += "<th>Uplift vs first<span class=\"sub\">95% CI</span></th><th>Bots</th><th>Pinned</th></tr></thead><tbody>"
        for (i, v) in r.variants.enumerated() {
            let isLeader = v.id == r.verdict.leader && !r.isEmpty
            t +=
                "<tr\(isLeader ? " class=\"leader\"" : "")><td class=\"l id-cell\"><span class=\"\(v.id.count <= 20 ? "vname" : "vlong")\"><span class=\"swatch\" style=\"background:\(ReportPalette.color(i))\"></span>\(ReportText.id(v.id, limit: 28))</span>\(i == 0 && r.variants.count > 1 || isLeader ? "<span class=\"sub\">\(i == 0 && r.variants.count > 1 ? "first variant " : "")\(isLeader ? "<span class=\"badge\">leader</span>" : "")</span>" : "")</td>"
            t += "<td>\(ReportFormat.integer(v.impressions))</td><td>\(ReportFormat.integer(v.conversions))</td>"
            t +=
                "<td>\(ReportFormat.percent(v.conversionRate))\(sub(ReportFormat.interval(v.rateInterval) { ReportFormat.percent($0) }))</td>"
            t +=
                "<td class=\"l\">\(v.impressions > 0 || v.rateInterval != nil ? ReportIntervalCharts.rateBar(v, index: i, max: domain, reference: i == 0 ? nil : reference) : "<span class=\"sub\">no impressions</span>")</td>"
            t +=
                "<td>\(h(ReportFormat.probability(v.chanceToBeBest)))\(ReportIntervalCharts.probabilityBar(v.chanceToBeBest, index: i, label: v.id))</td>"
            if hasRevenue {
                t +=
                    "<td>\(h(ReportFormat.money(v.revenuePerVisit, units: r.units, digits: 3)))\(sub(h(ReportFormat.interval(v.revenuePerVisitInterval) { ReportFormat.decimal($0, digits: 3) })))\(sub(ReportFormat.finite(v.chanceToBeBestRevenuePerVisit).map { "best: " + h(ReportFormat.probability($0)) } ?? ""))</td>"
            }
            let (up, ci, cls) = i == 0 ? ("baseline", "", "") : upliftValue(v.upliftOverFirst)
            t +=
                "<td><span class=\"\(cls)\">\(up)</span>\(ci.isEmpty ? "" : "<span class=\"sub\">\(ci.replacingOccurrences(of: "95% CI ", with: ""))</span>")</td>"
            t +=
                "<td>\(ReportFormat.integer(v.botImpressions))</td><td>\(ReportFormat.integer(v.pinnedImpressions))</td></tr>"
        }
        t += "</tbody></table></div>"
        t +=
            "<p class=\"units\">Impressions: \(h(r.units.impressions)). Revenue per visit: \(h(r.units.revenuePerVisit)). Chance to be best from Beta(1 + conversions, 1 + non-conversions) posteriors. Bots and pinned impressions are shown apart and not counted in the rate.</p>"
        return section("leaderboard", "Leaderboard", lead: lead, t)
    }

    // MARK: over time

    static func overTime(_ r: SiteReport) -> String {
        let unit = r.timelineGranularity == .hour ? "hour" : "day"
        let charts: [(title: String, figure: String?)] = [
            ("Traffic share per variant", ReportTimeCharts.trafficShare(r)),
            ("Cumulative conversion rate", ReportTimeCharts.cumulativeRate(r)),
            ("Chance to be best", ReportTimeCharts.chanceToBeBest(r)),
            ("Scans per \(unit)", ReportTimeCharts.scans(r)),
            ("Forecast", ReportTimeCharts.forecastOnly(r)),
        ]
        var body = ""
        for (title, figure) in charts {
            guard let figure else { continue }
            // Heading and chart travel together so print never strands a heading at a page foot.
            body += "<div class=\"keep\"><h3>\(title)</h3>\(figure)</div>"
        }
        if body.isEmpty {
            body = empty("Nothing to chart yet: no impressions or scans were recorded in this period.")
        }
        if let anomalies = r.anomalies, !anomalies.isEmpty {
            body += "<h3>Anomalies</h3><ol class=\"anoms\">"
            for a in anomalies {
                let hourly = r.timelineGranularity == .hour
                // `end` is exclusive; the last bucket inside is what a reader expects to see.
                let last = a.end > a.start ? a.end.addingTimeInterval(hourly ? -3600 : -86400) : a.end
                let span =
                    ReportFormat.shortDate(a.start, hour: hourly)
                    + (last > a.start ? " – " + ReportFormat.shortDate(last, hour: hourly) : "")
                var s = "<strong>\(ReportFormat.html(span))</strong>"
                if let subj = a.subject { s += " · \(ReportText.id(subj))" }
                s += ": \(ReportFormat.html(a.text))"
                if a.expected != nil || a.actual != nil {
                    s +=
                        " <span class=\"sub\">(expected \(ReportFormat.grouped(a.expected, digits: 0)), actual \(ReportFormat.grouped(a.actual, digits: 0)))</span>"
                }
                body += "<li>\(s)</li>"
            }
            body += "</ol>"
        }
        let lead = "Per \(unit), \(r.timeline.count) bucket\(r.timeline.count == 1 ? "" : "s") in UTC."
        return section("over-time", "Over time", lead: lead, body)
    }

    // MARK: segments

    static let dimensionNames: [SiteReportSegment.Dimension: String] = [
        .device: "Device", .daypart: "Time of day", .weekday: "Weekday / weekend", .country: "Country",
        .language: "Language", .source: "Source", .placement: "QR placement",
    ]

    static func segments(_ r: SiteReport) -> String {
        let h = ReportFormat.html
        let lead =
            "Who leads for whom. A contextual policy earns its keep where a segment's leader differs from the overall leader\(r.verdict.leader.map { " (\(ReportText.id($0)))" } ?? "")."
        guard !r.segments.isEmpty, !r.isEmpty else {
            return section("segments", "Segments", lead: lead, empty("No segment data yet."))
        }
        var body = ""
        let differs = r.segments.filter(\.differsFromOverall)
        if differs.isEmpty {
            body +=
                "<div class=\"callout good\">In every segment the overall leader also leads: the context does not change which variant is best (yet).</div>"
        } else {
            body +=
                "<div class=\"callout\"><strong>\(differs.count) segment\(differs.count == 1 ? "" : "s") where another variant leads</strong> — the contextual policy can serve these visitors differently:<ul>"
            // Surest first: a segment leader with a low chance to be best may be noise.
            let sorted = differs.sorted {
                (ReportFormat.finite($0.chanceToBeBest) ?? 0) > (ReportFormat.finite($1.chanceToBeBest) ?? 0)
            }
            for s in sorted.prefix(12) {
                let unclear = (ReportFormat.finite(s.chanceToBeBest) ?? 0) < 0.8
                body +=
                    "<li>\(h(dimensionNames[s.dimension] ?? s.dimension.rawValue)) = <strong>\(ReportText.id(s.value, limit: 30))</strong>: \(s.leader.map { ReportText.id($0) } ?? ReportFormat.missing) leads at \(ReportFormat.percent(s.leaderRate)) (\(h(ReportFormat.probability(s.chanceToBeBest))) chance to be best\(unclear ? "; not yet clear" : ""))</li>"
            }
            if differs.count > 12 { body += "<li>and \(differs.count - 12) more, marked below</li>" }
            body += "</ul></div>"
        }
        body += "<div class=\"grid2\">"
        for dim in SiteReportSegment.Dimension.allCases {
            let rows = r.segments.filter { $0.dimension == dim }
            guard !rows.isEmpty else { continue }
            body +=
                "<div class=\"seg\"><h3>\(h(dimensionNames[dim] ?? dim.rawValue))</h3><table><colgroup><col class=\"c-seg\"><col class=\"c-lead\"><col class=\"c-num\"><col class=\"c-num\"><col class=\"c-num\"></colgroup><thead><tr><th class=\"l\">Segment</th><th class=\"l\">Leader</th><th>Rate</th><th>Chance best</th><th>Impr.</th></tr></thead><tbody>"
            for s in rows {
                let i = index(r, s.leader)
                body +=
                    "<tr\(s.differsFromOverall ? " class=\"differs\"" : "")><td class=\"l id-cell\">\(ReportText.id(s.value, limit: 24))</td>"
                body +=
                    "<td class=\"l id-cell\">\(s.leader == nil ? ReportFormat.missing : "<span class=\"swatch\" style=\"background:\(ReportPalette.color(i))\"></span>\(ReportText.id(s.leader ?? "", limit: 22))")\(s.differsFromOverall ? "<span class=\"badge\">≠ overall</span>" : "")</td>"
                body +=
                    "<td>\(ReportFormat.percent(s.leaderRate))</td><td>\(h(ReportFormat.probability(s.chanceToBeBest)))</td><td>\(ReportFormat.integer(s.impressions))</td></tr>"
            }
            body += "</tbody></table></div>"
        }
        body += "</div>"
        return section("segments", "Segments", lead: lead, body)
    }

    // MARK: placements

    static func placements(_ r: SiteReport) -> String {
        let lead =
            "Every scan counts here, returning visitors included; the rate is conversions per unique visitor. Pinned placements always show one variant and are not learned from."
        guard !r.placements.isEmpty else {
            return section("placements", "QR placements", lead: lead, empty("No QR scans recorded in this period."))
        }
        let sorted = r.placements.enumerated().sorted {
            ($0.element.scans, -$0.offset) > ($1.element.scans, -$1.offset)
        }.map(\.element)
        let maxScans = Double(sorted.map(\.scans).max() ?? 0)
        let bestRate = sorted.filter { $0.uniqueVisitors >= 30 }.compactMap { ReportFormat.finite($0.conversionRate) }
            .max()
        var t =
            "<div class=\"tablewrap\"><table><thead><tr><th class=\"l\">Placement</th><th class=\"l\">Scans</th><th>Unique visitors</th><th>Conversions</th><th>Conversion rate</th></tr></thead><tbody>"
        for p in sorted {
            let w = maxScans > 0 ? 150 * Double(p.scans) / maxScans : 0
            var bar = ReportSVG.open(
                width: 220, height: 14, title: "\(p.id): \(ReportFormat.integer(p.scans)) scans",
                desc: "Bar length is the number of scans.", cls: "scanbar")
            bar +=
                "<rect class=\"bar\" x=\"0\" y=\"2\" width=\"\(ReportSVG.n(max(p.scans > 0 ? 1 : 0, w)))\" height=\"10\" rx=\"1.5\"/>"
            bar += ReportSVG.text(ReportFormat.integer(p.scans), x: w + 6, y: 11, cls: "ax") + "</svg>"
            let best = bestRate != nil && ReportFormat.finite(p.conversionRate) == bestRate && p.uniqueVisitors >= 30
            t +=
                "<tr><td class=\"l id-cell\">\(ReportText.id(p.id))\(p.pinned ? "<span class=\"badge pin\">pinned\(p.pinnedVariant.map { " → " + ReportFormat.html(ReportText.truncate($0, 20)) } ?? "")</span>" : "")\(best ? "<span class=\"badge\">best rate</span>" : "")</td>"
            t +=
                "<td class=\"l\">\(bar)</td><td>\(ReportFormat.integer(p.uniqueVisitors))</td><td>\(ReportFormat.integer(p.conversions))</td>"
            t +=
                "<td>\(ReportFormat.percent(p.conversionRate))\(sub(ReportFormat.interval(p.rateInterval) { ReportFormat.percent($0) }))</td></tr>"
        }
        t += "</tbody></table></div>"
        return section("placements", "QR placements", lead: lead, t)
    }

    // MARK: health

    static func health(_ r: SiteReport) -> String {
        let h = ReportFormat.html
        let hl = r.health
        var body = ""
        if let srm = r.srm {
            let p = h(ReportFormat.pStatement(srm.pValue))
            if srm.flagged {
                body +=
                    "<div class=\"callout bad\"><span class=\"chip flag\">Sample-ratio mismatch</span> \(p), below the \(ReportFormat.decimal(srm.threshold, digits: 3)) threshold. The variants did not get the traffic their logged probabilities promise: impressions are being lost or double-counted for some variant (a redirect that drops tracking, a cache, a bot filter hitting one variant). Fix that before trusting the results above.</div>"
            } else {
                body +=
                    "<div class=\"callout good\"><span class=\"chip ok\">Traffic split healthy</span> \(p). Each variant got about as many impressions as the probabilities the policy logged say it should (a mismatch is flagged below p = \(ReportFormat.decimal(srm.threshold, digits: 3))).</div>"
            }
        } else {
            body +=
                "<div class=\"callout\">The traffic-split check (sample-ratio mismatch) could not be computed: too few impressions.</div>"
        }
        var cards = ""
        cards += kpi(
            "Bot share", ReportFormat.percent(hl.botShare),
            sub:
                "\(ReportFormat.integer(hl.botImpressions)) of \(ReportFormat.integer(hl.totalImpressions)) impressions"
        )
        cards += kpi(
            "Pinned share", ReportFormat.percent(hl.pinnedShare),
            sub: "\(ReportFormat.integer(hl.pinnedImpressions)) impressions on pinned placements")
        cards += kpi(
            "Dropped events", ReportFormat.integer(hl.droppedEvents),
            sub: hl.droppedEvents == 0 ? "none lost" : "not recorded (queue full or write error)",
            valueClass: hl.droppedEvents > 0 ? "neg" : "")
        cards += kpi(
            "Last event",
            hl.lastEventAt == nil ? "never" : ReportFormat.duration(seconds: hl.secondsSinceLastEvent) + " ago",
            sub: hl.lastEventAt.map { ReportFormat.html(ReportFormat.dateTime($0)) } ?? "no event recorded")
        body += "<div class=\"kpis\">\(cards)</div>"
        if let srm = r.srm, !srm.variants.isEmpty {
            body +=
                "<h3>Observed against expected impressions</h3><div class=\"tablewrap\"><table><thead><tr><th class=\"l\">Variant</th><th>Observed</th><th>Expected</th><th>Difference</th></tr></thead><tbody>"
            for c in srm.variants {
                let diff: Double? = c.expected.flatMap { $0 > 0 ? Double(c.observed) / $0 - 1 : nil }
                body +=
                    "<tr><td class=\"l id-cell\">\(ReportText.id(c.id))</td><td>\(ReportFormat.integer(c.observed))</td><td>\(ReportFormat.grouped(c.expected, digits: 1))</td><td>\(ReportFormat.signedPercent(diff))</td></tr>"
            }
            body +=
                "</tbody></table></div><p class=\"units\">Expected = sum of the probabilities the policy logged for the variant. χ² = \(ReportFormat.decimal(srm.chiSquare, digits: 2)), \(srm.degreesOfFreedom.map(String.init) ?? ReportFormat.missing) degrees of freedom.</p>"
            let flaggedCells = srm.cells.filter(\.flagged)
            if !flaggedCells.isEmpty {
                body += "<h3>Context cells with a mismatch</h3><ul>"
                for c in flaggedCells.prefix(10) {
                    body += "<li>\(ReportText.id(c.cell)): \(h(ReportFormat.pStatement(c.pValue)))</li>"
                }
                body += "</ul>"
            } else if !srm.cells.isEmpty {
                body += "<p class=\"units\">\(srm.cells.count) context cells checked; none flagged.</p>"
            }
        }
        return section("health", "Health", lead: "Can these numbers be trusted?", body)
    }

    // MARK: policy value

    static func policyValue(_ r: SiteReport) -> String {
        let h = ReportFormat.html
        let lead =
            "What each policy would have earned, estimated from the logged decisions and their exact probabilities (off-policy evaluation), with 95% intervals."
        guard r.policyValue.contains(where: { ReportFormat.finite($0.value) != nil }) else {
            return section(
                "policy-value", "Policy value", lead: lead,
                empty("Not enough logged decisions to estimate policy values yet."))
        }
        var body = ""
        if let s = SiteReportWording.policySentence(r) { body += "<p class=\"sentence\">\(h(s))</p>" }
        if let s = SiteReportWording.policySentence(r, metric: .revenuePerVisit) {
            body += "<p class=\"sentence\">In revenue per visit: \(h(s.prefix(1).lowercased() + s.dropFirst()))</p>"
        }
        for m in SiteReportPolicyValue.Metric.allCases {
            if let chart = ReportIntervalCharts.policyForest(r, metric: m) {
                body +=
                    "<div class=\"keep\"><h3>\(m == .conversionRate ? "Conversion rate" : "Revenue per visit (\(h(r.units.revenue)))")</h3>"
                    + chart + "</div>"
            }
        }
        // One row per policy and metric, the three estimators side by side: they answer the same
        // question, and agreement between them is itself a check.
        let estimators: [SiteReportPolicyValue.Estimator] = [.dr, .snips, .ips].filter { e in
            r.policyValue.contains { $0.estimator == e }
        }
        body += "<div class=\"tablewrap\"><table><thead><tr><th class=\"l\">Policy</th><th class=\"l\">Metric</th>"
        for e in estimators {
            body += "<th>\(h(SiteReportWording.estimatorName(e)))<span class=\"sub\">95% interval</span></th>"
        }
        body += "<th>Effective<br>sample size</th><th>Largest<br>weight</th></tr></thead><tbody>"
        var keys: [(SiteReportPolicyValue.Policy, SiteReportPolicyValue.Metric)] = []
        for p in r.policyValue where !keys.contains(where: { $0 == (p.policy, p.metric) }) {
            keys.append((p.policy, p.metric))
        }
        for (policy, metric) in keys {
            let rows = r.policyValue.filter { $0.policy == policy && $0.metric == metric }
            let fmt: (Double?) -> String =
                metric == .conversionRate
                ? { ReportFormat.percent($0) } : { ReportFormat.money($0, units: r.units, digits: 3) }
            let name: String
            switch policy {
            case .logged: name = "policy as it ran"
            case .uniform: name = "uniform random"
            case .variant(let id): name = ReportText.id(id) + " for all"
            }
            body +=
                "<tr><td class=\"l id-cell\">\(name)</td><td class=\"l\">\(metric == .conversionRate ? "conversion rate" : "revenue per visit")</td>"
            for e in estimators {
                if let row = rows.first(where: { $0.estimator == e }) {
                    let iv =
                        ReportFormat.finite(row.lower) != nil && ReportFormat.finite(row.upper) != nil
                        ? "\(fmt(row.lower)) – \(fmt(row.upper))" : ""
                    body += "<td>\(h(fmt(row.value)))\(sub(h(iv)))</td>"
                } else {
                    body += "<td>\(ReportFormat.missing)</td>"
                }
            }
            // The importance weights depend on the policy, not the estimator: show the first reported.
            let ess = rows.compactMap { ReportFormat.finite($0.effectiveSampleSize) }.first
            let maxW = rows.compactMap { ReportFormat.finite($0.maxWeight) }.first
            body +=
                "<td>\(ReportFormat.grouped(ess, digits: 0))</td><td>\(ReportFormat.decimal(maxW, digits: 1))</td></tr>"
        }
        body +=
            "</tbody></table></div><p class=\"units\">Effective sample size: how many decisions an estimate is effectively worth; far below the number of decisions, or a largest weight in the hundreds, means that estimate leans on a few visitors and its interval deserves caution.</p>"
        return section("policy-value", "Policy value", lead: lead, body)
    }

    // MARK: footer

    static func footer(_ r: SiteReport) -> String {
        let h = ReportFormat.html
        return "<footer><dl>"
            + "<dt>Impressions</dt><dd>\(h(r.units.impressions))</dd>"
            + "<dt>Conversion rate</dt><dd>\(h(r.units.rate))</dd>"
            + "<dt>Revenue</dt><dd>in \(h(r.units.revenue)); revenue per visit is \(h(r.units.revenuePerVisit))</dd>"
            + "<dt>Chance to be best</dt><dd>probability that a variant has the highest true conversion rate, computed exactly from Beta posteriors</dd>"
            + "<dt>Credible interval</dt><dd>the range that holds the true value with 95% probability given the data</dd>"
            + "</dl>Times in UTC. Generated by sitegen on \(h(ReportFormat.dateTime(r.generatedAt))).</footer>"
    }
}
