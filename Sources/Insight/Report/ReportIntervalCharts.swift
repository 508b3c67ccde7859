import Foundation

/// Interval charts: the leaderboard's per-row posterior bars and the policy-value forest plot.
enum ReportIntervalCharts {
    // MARK: leaderboard

    static let rowWidth = 136.0
    static let pad = 8.0

    /// Upper end of the shared rate axis of the leaderboard bars.
    /// Shared rate axis of the leaderboard bars: from 0 when that costs little room, otherwise
    /// zoomed on the intervals so that close variants can still be told apart.
    static func rateDomain(_ variants: [SiteReportVariant]) -> ClosedRange<Double> {
        let values = variants.flatMap { v in
            (v.rateInterval ?? []) + [v.posteriorMean, v.conversionRate].compactMap { $0 }
        }.filter(\.isFinite)
        guard let lo = values.min(), let hi = values.max(), hi > 0 else { return 0...0.01 }
        if lo < 0.4 * hi { return 0...ReportSVG.niceMax(hi) }
        let ticks = ReportSVG.ticks(lo - (hi - lo) * 0.1, hi + (hi - lo) * 0.1, count: 3)
        let a = Swift.max(0, Swift.min(ticks.first ?? lo, lo)), b = Swift.max(ticks.last ?? hi, hi)
        return a...(b > a ? b : a + 0.01)
    }

    static func xRate(_ v: Double, max domain: ClosedRange<Double>) -> Double {
        let span = domain.upperBound - domain.lowerBound
        return pad + (rowWidth - 2 * pad) * ReportSVG.clamp((v - domain.lowerBound) / (span > 0 ? span : 1), 0, 1)
    }

    /// Axis drawn once in the table header so every row's bar shares the same scale.
    static func rateAxis(max: ClosedRange<Double>) -> String {
        var svg = ReportSVG.open(
            width: rowWidth, height: 20, title: "Conversion rate scale",
            desc: "Scale shared by the interval bars below.", cls: "rowchart")
        for t in ReportSVG.ticks(max.lowerBound, max.upperBound, count: 3) {
            let x = xRate(t, max: max)
            svg += "<line class=\"axis\" x1=\"\(ReportSVG.n(x))\" x2=\"\(ReportSVG.n(x))\" y1=\"15\" y2=\"20\"/>"
            svg += ReportSVG.text(
                ReportFormat.percent(t, digits: t * 100 < 1 && t > 0 ? 2 : 1), x: x, y: 11, anchor: "middle")
        }
        return svg + "</svg>"
    }

    /// One variant's posterior: a bar from the 95% lower to upper bound, a tick at the mean, and
    /// a dotted reference at the first variant's mean.
    static func rateBar(_ v: SiteReportVariant, index: Int, max: ClosedRange<Double>, reference: Double?) -> String {
        let mean = ReportFormat.finite(v.posteriorMean) ?? ReportFormat.finite(v.conversionRate)
        let title =
            "\(v.id): posterior mean \(ReportFormat.percent(mean)), 95% credible interval \(ReportFormat.interval(v.rateInterval) { ReportFormat.percent($0) })"
        var svg = ReportSVG.open(
            width: rowWidth, height: 24, title: title, desc: "Posterior of the conversion rate.", cls: "rowchart")
        svg +=
            "<line class=\"track\" x1=\"\(ReportSVG.n(pad))\" x2=\"\(ReportSVG.n(rowWidth - pad))\" y1=\"12\" y2=\"12\"/>"
        if let r = reference {
            let x = xRate(r, max: max)
            svg += "<line class=\"ref\" x1=\"\(ReportSVG.n(x))\" x2=\"\(ReportSVG.n(x))\" y1=\"2\" y2=\"22\"/>"
        }
        if let iv = v.rateInterval, iv.count == 2, iv[0].isFinite, iv[1].isFinite {
            let x0 = xRate(iv[0], max: max), x1 = xRate(iv[1], max: max)
            svg +=
                "<rect class=\"ci\" x=\"\(ReportSVG.n(x0))\" y=\"6\" width=\"\(ReportSVG.n(Swift.max(1.5, x1 - x0)))\" height=\"12\" rx=\"2\" fill=\"\(ReportPalette.color(index))\"><title>\(ReportFormat.html(title))</title></rect>"
        }
        if let m = mean {
            let x = xRate(m, max: max)
            svg +=
                "<rect class=\"mean\" x=\"\(ReportSVG.n(x - 1.25))\" y=\"3\" width=\"2.5\" height=\"18\"><title>\(ReportFormat.html(title))</title></rect>"
        }
        return svg + "</svg>"
    }

    /// A small horizontal bar for a probability.
    static func probabilityBar(_ p: Double?, index: Int, label: String) -> String {
        guard let p = ReportFormat.finite(p) else { return "" }
        var svg = ReportSVG.open(
            width: 64, height: 8, title: "\(label): \(ReportFormat.probability(p)) chance to be best",
            desc: "Bar length is the chance to be best.", cls: "pbar")
        svg += "<rect class=\"ptrack\" x=\"0\" y=\"0\" width=\"64\" height=\"8\" rx=\"2\"/>"
        svg +=
            "<rect x=\"0\" y=\"0\" width=\"\(ReportSVG.n(64 * ReportSVG.clamp(p, 0, 1)))\" height=\"8\" rx=\"2\" fill=\"\(ReportPalette.color(index))\" stroke=\"#1b1f24\" stroke-width=\".5\"/>"
        return svg + "</svg>"
    }

    // MARK: policy value

    /// Forest plot: per policy one row, per estimator a marker (circle DR, square SNIPS,
    /// diamond IPS — shapes, not colours, so it survives greyscale) with its 95% interval.
    static func policyForest(_ report: SiteReport, metric: SiteReportPolicyValue.Metric) -> String? {
        let rows = report.policyValue.filter { $0.metric == metric }
        guard rows.contains(where: { ReportFormat.finite($0.value) != nil }) else { return nil }
        var policies: [SiteReportPolicyValue.Policy] = []
        for r in rows where !policies.contains(r.policy) { policies.append(r.policy) }
        let estimators = SiteReportPolicyValue.Estimator.allCases.filter { e in rows.contains { $0.estimator == e } }
        let width = 860.0, labelW = 230.0, right = 20.0, top = 8.0
        let sub = 11.0
        let rowH = Double(max(1, estimators.count)) * sub + 10
        let height = top + rowH * Double(policies.count) + 28
        let values = rows.flatMap { [$0.lower, $0.value, $0.upper] }.compactMap { ReportFormat.finite($0) }
        // Start at 0 when that costs little room; otherwise zoom to the values so intervals stay legible.
        let vmin = values.min() ?? 0, vmax = values.max() ?? 1
        let zoomTicks = ReportSVG.ticks(vmin - (vmax - vmin) * 0.08, vmax + (vmax - vmin) * 0.08, count: 5)
        let useZero = vmin <= 0 || vmin < 0.35 * vmax
        let lo = useZero ? min(0, vmin) : min(zoomTicks.first ?? vmin, vmin - (vmax - vmin) * 0.04)
        let hi = useZero ? ReportSVG.niceMax(vmax) : max(zoomTicks.last ?? vmax, vmax)
        func x(_ v: Double) -> Double {
            labelW + (width - labelW - right) * ReportSVG.clamp((v - lo) / (hi - lo), 0, 1)
        }
        let fmt: (Double?) -> String =
            metric == .conversionRate
            ? { ReportFormat.percent($0) }
            : { ReportFormat.money($0, units: report.units, digits: 3) }
        let metricName = metric == .conversionRate ? "conversion rate" : "revenue per visit (\(report.units.revenue))"
        var svg = ReportSVG.open(
            width: width, height: height, title: "Estimated \(metricName) per policy",
            desc: "Off-policy estimates with 95% intervals; one row per policy, one marker per estimator.")
        let base = top + rowH * Double(policies.count)
        for t in ReportSVG.ticks(lo, hi, count: 5) {
            svg +=
                "<line class=\"grid\" x1=\"\(ReportSVG.n(x(t)))\" x2=\"\(ReportSVG.n(x(t)))\" y1=\"\(ReportSVG.n(top))\" y2=\"\(ReportSVG.n(base))\"/>"
            svg += ReportSVG.text(fmt(t), x: x(t), y: base + 16, anchor: "middle")
        }
        if let logged = SiteReportWording.preferred(rows, policy: .logged, metric: metric),
            let v = ReportFormat.finite(logged.value)
        {
            svg +=
                "<line class=\"ref\" x1=\"\(ReportSVG.n(x(v)))\" x2=\"\(ReportSVG.n(x(v)))\" y1=\"\(ReportSVG.n(top))\" y2=\"\(ReportSVG.n(base))\"/>"
        }
        for (pi, p) in policies.enumerated() {
            let y0 = top + rowH * Double(pi)
            if pi % 2 == 1 {
                svg +=
                    "<rect class=\"stripe\" x=\"0\" y=\"\(ReportSVG.n(y0))\" width=\"\(ReportSVG.n(width))\" height=\"\(ReportSVG.n(rowH))\"/>"
            }
            let label: String
            switch p {
            case .logged: label = "policy as it ran"
            case .uniform: label = "uniform random"
            case .variant(let id): label = ReportText.truncate(id, 30) + " for all"
            }
            svg += ReportSVG.text(label, x: 8, y: y0 + rowH / 2 + 4, cls: p == .logged ? "lab strong" : "lab")
            let color: String = {
                switch p {
                case .logged: return "#111111"
                case .uniform: return "#6b6b6b"
                case .variant(let id): return ReportPalette.color(report.variants.firstIndex { $0.id == id } ?? 0)
                }
            }()
            for (ei, e) in estimators.enumerated() {
                guard let r = rows.first(where: { $0.policy == p && $0.estimator == e }),
                    let v = ReportFormat.finite(r.value)
                else { continue }
                let yy = y0 + 5 + sub * (Double(ei) + 0.5)
                let title =
                    "\(p.key), \(SiteReportWording.estimatorName(e)): \(fmt(v)) (95% interval \(fmt(r.lower)) – \(fmt(r.upper)))"
                if let l = ReportFormat.finite(r.lower), let u = ReportFormat.finite(r.upper) {
                    svg +=
                        "<line class=\"whisker\" stroke=\"\(color)\" x1=\"\(ReportSVG.n(x(l)))\" x2=\"\(ReportSVG.n(x(u)))\" y1=\"\(ReportSVG.n(yy))\" y2=\"\(ReportSVG.n(yy))\"/>"
                }
                let cx = x(v)
                switch e {
                case .dr:
                    svg +=
                        "<circle cx=\"\(ReportSVG.n(cx))\" cy=\"\(ReportSVG.n(yy))\" r=\"4\" fill=\"\(color)\"><title>\(ReportFormat.html(title))</title></circle>"
                case .snips:
                    svg +=
                        "<rect x=\"\(ReportSVG.n(cx - 3.5))\" y=\"\(ReportSVG.n(yy - 3.5))\" width=\"7\" height=\"7\" fill=\"#fff\" stroke=\"\(color)\" stroke-width=\"1.6\"><title>\(ReportFormat.html(title))</title></rect>"
                case .ips:
                    svg +=
                        "<path d=\"M\(ReportSVG.n(cx)) \(ReportSVG.n(yy - 4.5))l4.5 4.5l-4.5 4.5l-4.5 -4.5Z\" fill=\"#fff\" stroke=\"\(color)\" stroke-width=\"1.6\"><title>\(ReportFormat.html(title))</title></path>"
                }
            }
        }
        svg += "</svg>"
        let legend =
            "<ul class=\"legend\"><li><span class=\"mk mk-dr\"></span>doubly robust</li><li><span class=\"mk mk-snips\"></span>self-normalised IPS</li><li><span class=\"mk mk-ips\"></span>IPS</li><li><span class=\"sw sw-ref\"></span>policy as it ran</li></ul>"
        return ReportTimeCharts.figure(
            svg, legend: legend,
            caption: "Estimated \(metricName) had each policy been used for every visitor, with 95% intervals.")
    }
}
