import Foundation

/// The "Over time" charts. Each returns a `<figure>` with an inline SVG, a legend and a caption,
/// or `nil` when there is nothing honest to draw.
enum ReportTimeCharts {
    static let width = 860.0

    static func ids(_ report: SiteReport) -> [String] { report.variants.map(\.id) }

    /// Per bucket, the variant entry with this id (buckets may omit variants with no traffic).
    static func lookup(_ b: SiteReportTimelineBucket, _ id: String) -> SiteReportTimelineBucket.Variant? {
        b.variants.first { $0.id == id }
    }

    static func figure(_ svg: String, legend: String, caption: String) -> String {
        "<figure class=\"chart-fig\">\(svg)\(legend)<figcaption>\(ReportFormat.html(caption))</figcaption></figure>"
    }

    // MARK: traffic share

    static func trafficShare(_ report: SiteReport) -> String? {
        let tl = report.timeline
        let ids = ids(report)
        // With one variant the share is 100% throughout: a solid block that says nothing.
        guard !tl.isEmpty, ids.count > 1, tl.contains(where: { $0.variants.contains { $0.impressions > 0 } }) else {
            return nil
        }
        let axis = ReportTimeAxis(
            starts: tl.map(\.start), hourly: report.timelineGranularity == .hour, width: width, height: 200)
        let totals = tl.map { b in ids.reduce(0) { $0 + (lookup(b, $1)?.impressions ?? 0) } }
        // Edge points make the areas span the whole plot rather than stop half a slot short.
        var xs = tl.indices.map { axis.x($0) }
        xs[0] = axis.left
        xs[xs.count - 1] = axis.width - axis.right
        if tl.count == 1 { xs = [axis.left, axis.width - axis.right] }
        let slots = tl.count == 1 ? [0, 0] : Array(tl.indices)
        var svg = ReportSVG.open(
            width: width, height: axis.height, title: "Traffic share per variant over time",
            desc:
                "Stacked area: the share of learnable impressions each variant received per \(report.timelineGranularity.rawValue)."
        )
        svg += axis.frame(yMax: 1) { ReportFormat.percent($0, digits: 0) }
        var below = [Double](repeating: 0, count: slots.count)
        for (vi, id) in ids.enumerated() {
            var above = below
            for (k, slot) in slots.enumerated() {
                let total = totals[slot]
                let share = total > 0 ? Double(lookup(tl[slot], id)?.impressions ?? 0) / Double(total) : 0
                above[k] = below[k] + share
            }
            let topPts = zip(xs, above).map { "\(ReportSVG.n($0)) \(ReportSVG.n(axis.y($1, max: 1)))" }
            let botPts = zip(xs, below).reversed().map { "\(ReportSVG.n($0)) \(ReportSVG.n(axis.y($1, max: 1)))" }
            let share = Double(report.variants[vi].impressions) / Double(max(1, report.totalImpressions))
            svg +=
                "<path class=\"area\" fill=\"\(ReportPalette.color(vi))\" d=\"M\(topPts.joined(separator: "L"))L\(botPts.joined(separator: "L"))Z\"><title>\(ReportFormat.html(id)): \(ReportFormat.percent(share)) of all learnable impressions</title></path>"
            below = above
        }
        svg += "</svg>"
        return figure(
            svg, legend: ReportPalette.legend(ids, filled: true),
            caption:
                "Traffic share per \(report.timelineGranularity.rawValue): how the policy split learnable impressions between variants. A growing band is the policy betting on that variant."
        )
    }

    // MARK: lines with bands

    struct Series {
        let id: String
        let values: [Double?]
        let lower: [Double?]
        let upper: [Double?]
    }

    static func lines(
        _ report: SiteReport, series: [Series], yMax: Double, title: String, desc: String,
        format: (Double) -> String, caption: String
    ) -> String {
        let tl = report.timeline
        let axis = ReportTimeAxis(
            starts: tl.map(\.start), hourly: report.timelineGranularity == .hour, width: width, height: 220)
        let xs = tl.indices.map { axis.x($0) }
        var svg = ReportSVG.open(width: width, height: axis.height, title: title, desc: desc)
        svg += axis.frame(yMax: yMax, format: format)
        for (i, s) in series.enumerated() {
            let band = ReportSVG.bandPath(
                xs: xs, lower: s.lower.map { $0.map { axis.y($0, max: yMax) } },
                upper: s.upper.map { $0.map { axis.y($0, max: yMax) } })
            if !band.isEmpty {
                svg +=
                    "<path class=\"band\" fill=\"\(ReportPalette.color(i))\" d=\"\(band)\"><title>\(ReportFormat.html(s.id)): 95% credible interval</title></path>"
            }
        }
        for (i, s) in series.enumerated() {
            let d = ReportSVG.linePath(zip(xs, s.values).map { ($0, $1.map { axis.y($0, max: yMax) }) })
            guard !d.isEmpty else { continue }
            let last = s.values.last(where: { $0 != nil }) ?? nil
            svg +=
                "<path class=\"line\" stroke=\"\(ReportPalette.color(i))\"\(ReportPalette.dashAttribute(i)) d=\"\(d)\"><title>\(ReportFormat.html(s.id)): latest \(last.map(format) ?? ReportFormat.missing)</title></path>"
            // A lone bucket has no line to draw; a dot keeps it visible.
            if s.values.compactMap({ $0 }).count == 1, let k = s.values.firstIndex(where: { $0 != nil }),
                let v = s.values[k]
            {
                svg +=
                    "<circle cx=\"\(ReportSVG.n(xs[k]))\" cy=\"\(ReportSVG.n(axis.y(v, max: yMax)))\" r=\"3\" fill=\"\(ReportPalette.color(i))\"/>"
            }
        }
        svg += "</svg>"
        return figure(
            svg,
            legend: ReportPalette.legend(
                series.map(\.id),
                extra: series.contains { !$0.lower.isEmpty } ? [("shaded: 95% credible interval", "sw-band")] : []),
            caption: caption)
    }

    static func cumulativeRate(_ report: SiteReport) -> String? {
        let tl = report.timeline
        guard !tl.isEmpty, !report.variants.isEmpty else { return nil }
        let series = report.variants.map { v in
            Series(
                id: v.id,
                values: tl.map { lookup($0, v.id)?.cumulativeRate },
                lower: tl.map { b in lookup(b, v.id)?.cumulativeRateInterval.flatMap { $0.count == 2 ? $0[0] : nil } },
                upper: tl.map { b in lookup(b, v.id)?.cumulativeRateInterval.flatMap { $0.count == 2 ? $0[1] : nil } })
        }
        let peak = series.flatMap { $0.values + $0.upper }.compactMap { $0 }.filter(\.isFinite).max() ?? 0
        guard series.contains(where: { $0.values.contains { $0 != nil } }) else { return nil }
        let yMax = ReportSVG.niceMax(peak > 0 ? peak : 0.01)
        return lines(
            report, series: series, yMax: yMax, title: "Cumulative conversion rate per variant",
            desc: "Lines: conversion rate from the start of the period; shaded: 95% credible interval.",
            format: { ReportFormat.percent($0) },
            caption:
                "Cumulative conversion rate (\(report.units.rate)). Bands narrow as evidence accumulates; overlapping bands mean the variants cannot be told apart yet."
        )
    }

    static func chanceToBeBest(_ report: SiteReport) -> String? {
        let tl = report.timeline
        guard !tl.isEmpty, report.variants.count > 1 else { return nil }
        let series = report.variants.map { v in
            Series(id: v.id, values: tl.map { lookup($0, v.id)?.chanceToBeBest }, lower: [], upper: [])
        }
        guard series.contains(where: { $0.values.contains { $0 != nil } }) else { return nil }
        return lines(
            report, series: series, yMax: 1, title: "Chance to be best per variant over time",
            desc: "Lines: each variant's chance to have the highest conversion rate, given the data up to that point.",
            format: { ReportFormat.percent($0, digits: 0) },
            caption:
                "Chance to be best, recomputed with the data up to each point. A variant is called winning when its line stays high."
        )
    }

    // MARK: scans

    static func scans(_ report: SiteReport) -> String? {
        let tl = report.timeline
        let forecast = report.forecast?.metric == "scans" ? report.forecast : nil
        let lastStart = tl.last?.start ?? .distantPast
        let future = (forecast?.points ?? []).filter { $0.start > lastStart }
        guard !tl.isEmpty || !future.isEmpty else { return nil }
        let starts = tl.map(\.start) + future.map(\.start)
        let axis = ReportTimeAxis(
            starts: starts, hourly: report.timelineGranularity == .hour, width: width, height: 200)
        let peak = max(
            Double(tl.map(\.scans).max() ?? 0),
            future.compactMap { ReportFormat.finite($0.upper95) ?? ReportFormat.finite($0.value) }.max() ?? 0)
        let yMax = ReportSVG.niceMax(max(peak, 1))
        let unit = report.timelineGranularity == .hour ? "hour" : "day"
        var svg = ReportSVG.open(
            width: width, height: axis.height, title: "QR scans per \(unit)",
            desc:
                "Bars: scans per \(unit) over all placements\(future.isEmpty ? "" : "; after them the forecast with 80% and 95% bands")."
        )
        svg += axis.frame(yMax: yMax) { ReportFormat.grouped($0, digits: $0 < 10 && $0 != $0.rounded() ? 1 : 0) }
        var anomalyCount = 0
        for (k, a) in (report.anomalies ?? []).enumerated() {
            guard let r = axis.slots(from: a.start, to: max(a.end, a.start.addingTimeInterval(1))) else { continue }
            let x0 = axis.x(r.lowerBound) - axis.step / 2
            let x1 = axis.x(r.upperBound) + axis.step / 2
            svg +=
                "<rect class=\"anomaly\" x=\"\(ReportSVG.n(x0))\" y=\"\(ReportSVG.n(axis.top))\" width=\"\(ReportSVG.n(max(1, x1 - x0)))\" height=\"\(ReportSVG.n(axis.plotHeight))\"><title>\(ReportFormat.html("Anomaly \(k + 1): \(a.text)"))</title></rect>"
            svg += ReportSVG.text(
                "\(k + 1)", x: (x0 + x1) / 2, y: axis.top + 11, anchor: "middle", cls: "anomaly-label")
            anomalyCount += 1
        }
        let barWidth = max(0.6, axis.step * (axis.step > 6 ? 0.72 : 0.9))
        let base = axis.top + axis.plotHeight
        for (i, b) in tl.enumerated() where b.scans > 0 {
            let yy = axis.y(Double(b.scans), max: yMax)
            svg +=
                "<rect class=\"bar\" x=\"\(ReportSVG.n(axis.x(i) - barWidth / 2))\" y=\"\(ReportSVG.n(yy))\" width=\"\(ReportSVG.n(barWidth))\" height=\"\(ReportSVG.n(max(0.5, base - yy)))\"><title>\(ReportFormat.html(b.bucket)): \(ReportFormat.integer(b.scans)) scans</title></rect>"
        }
        if !future.isEmpty {
            let off = tl.count
            let xs = future.indices.map { axis.x(off + $0) }
            let band95 = ReportSVG.bandPath(
                xs: xs, lower: future.map { $0.lower95.map { axis.y($0, max: yMax) } },
                upper: future.map { $0.upper95.map { axis.y($0, max: yMax) } })
            let band80 = ReportSVG.bandPath(
                xs: xs, lower: future.map { $0.lower80.map { axis.y($0, max: yMax) } },
                upper: future.map { $0.upper80.map { axis.y($0, max: yMax) } })
            svg += "<path class=\"fc95\" d=\"\(band95)\"><title>Forecast, 95% band</title></path>"
            svg += "<path class=\"fc80\" d=\"\(band80)\"><title>Forecast, 80% band</title></path>"
            let mid = ReportSVG.linePath(zip(xs, future).map { ($0, $1.value.map { axis.y($0, max: yMax) }) })
            svg += "<path class=\"fcline\" d=\"\(mid)\"><title>Forecast: expected scans</title></path>"
            let xSplit = axis.x(off) - axis.step / 2
            svg +=
                "<line class=\"now\" x1=\"\(ReportSVG.n(xSplit))\" x2=\"\(ReportSVG.n(xSplit))\" y1=\"\(ReportSVG.n(axis.top))\" y2=\"\(ReportSVG.n(base))\"/>"
            svg += ReportSVG.text("forecast →", x: xSplit + 4, y: axis.top + 10, cls: "ax")
        }
        svg += "</svg>"
        var extra: [(label: String, cls: String)] = [("scans", "sw-bar")]
        if !future.isEmpty { extra += [("forecast", "sw-fcline"), ("80% band", "sw-fc80"), ("95% band", "sw-fc95")] }
        if anomalyCount > 0 { extra.append(("anomaly (numbered below)", "sw-anomaly")) }
        return figure(
            svg, legend: ReportPalette.legend([], extra: extra),
            caption: "QR scans per \(unit), every placement, returning visitors included.")
    }

    /// A forecast of something other than scans, drawn on its own.
    static func forecastOnly(_ report: SiteReport) -> String? {
        guard let f = report.forecast, f.metric != "scans", !f.points.isEmpty else { return nil }
        let axis = ReportTimeAxis(
            starts: f.points.map(\.start), hourly: report.timelineGranularity == .hour, width: width, height: 180)
        let peak = f.points.compactMap { ReportFormat.finite($0.upper95) ?? ReportFormat.finite($0.value) }.max() ?? 0
        let yMax = ReportSVG.niceMax(max(peak, 1e-9))
        let xs = f.points.indices.map { axis.x($0) }
        var svg = ReportSVG.open(
            width: width, height: axis.height, title: "Forecast of \(f.metric)",
            desc: "Expected value with 80% and 95% bands.")
        svg += axis.frame(yMax: yMax) { ReportFormat.grouped($0, digits: $0 < 10 ? 2 : 0) }
        svg +=
            "<path class=\"fc95\" d=\"\(ReportSVG.bandPath(xs: xs, lower: f.points.map { $0.lower95.map { axis.y($0, max: yMax) } }, upper: f.points.map { $0.upper95.map { axis.y($0, max: yMax) } }))\"/>"
        svg +=
            "<path class=\"fc80\" d=\"\(ReportSVG.bandPath(xs: xs, lower: f.points.map { $0.lower80.map { axis.y($0, max: yMax) } }, upper: f.points.map { $0.upper80.map { axis.y($0, max: yMax) } }))\"/>"
        svg +=
            "<path class=\"fcline\" d=\"\(ReportSVG.linePath(zip(xs, f.points).map { ($0, $1.value.map { axis.y($0, max: yMax) }) }))\"/>"
        svg += "</svg>"
        return figure(
            svg,
            legend: ReportPalette.legend(
                [], extra: [("forecast", "sw-fcline"), ("80% band", "sw-fc80"), ("95% band", "sw-fc95")]),
            caption: "Forecast of \(f.metric).")
    }
}
