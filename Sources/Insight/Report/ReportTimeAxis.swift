import Foundation

/// The shared frame of the "Over time" charts: one slot per bucket, centred points, round y ticks.
struct ReportTimeAxis {
    let starts: [Date]
    let hourly: Bool
    let width: Double
    let height: Double
    let left: Double = 56
    let right: Double = 16
    let top: Double = 12
    let bottom: Double = 26

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }
    var step: Double { plotWidth / Double(max(1, starts.count)) }

    func x(_ i: Int) -> Double { left + (Double(i) + 0.5) * step }
    func y(_ v: Double, max: Double) -> Double {
        top + plotHeight * (1 - ReportSVG.clamp(v / (max > 0 ? max : 1), 0, 1))
    }

    /// Slot range covered by [from, to): the buckets whose start lies inside.
    func slots(from: Date, to: Date) -> ClosedRange<Int>? {
        let inside = starts.indices.filter { starts[$0] >= from && starts[$0] < to }
        guard let a = inside.first, let b = inside.last else { return nil }
        return a...b
    }

    /// Horizontal grid lines with labels on the left, and date labels along the bottom.
    func frame(yMax: Double, format: (Double) -> String) -> String {
        var out = ""
        for t in ReportSVG.ticks(0, yMax, count: 4) {
            let yy = y(t, max: yMax)
            out +=
                "<line class=\"grid\" x1=\"\(ReportSVG.n(left))\" x2=\"\(ReportSVG.n(width - right))\" y1=\"\(ReportSVG.n(yy))\" y2=\"\(ReportSVG.n(yy))\"/>"
            out += ReportSVG.text(format(t), x: left - 6, y: yy + 3.5, anchor: "end")
        }
        let base = top + plotHeight
        out +=
            "<line class=\"axis\" x1=\"\(ReportSVG.n(left))\" x2=\"\(ReportSVG.n(width - right))\" y1=\"\(ReportSVG.n(base))\" y2=\"\(ReportSVG.n(base))\"/>"
        // About one label per 110 units keeps them from colliding whatever the bucket count.
        let maxLabels = max(1, Int(plotWidth / 110))
        let every = max(1, Int((Double(starts.count) / Double(maxLabels)).rounded(.up)))
        var labelled: [(index: Int, text: String)] = []
        if hourly && every > 12 {
            // Long hourly ranges: label whole days at midnight, as a reader counts them.
            let days = max(1, Int((Double(every) / 24).rounded(.up)))
            let calendar = ReportFormat.utcCalendar()
            let midnights = starts.indices.filter { calendar.component(.hour, from: starts[$0]) == 0 }
            labelled = stride(from: 0, to: midnights.count, by: days).map {
                (midnights[$0], ReportFormat.shortDate(starts[midnights[$0]], hour: false))
            }
        } else {
            labelled = stride(from: 0, to: starts.count, by: every).map {
                ($0, ReportFormat.shortDate(starts[$0], hour: hourly))
            }
        }
        for (i, text) in labelled {
            out +=
                "<line class=\"axis\" x1=\"\(ReportSVG.n(x(i)))\" x2=\"\(ReportSVG.n(x(i)))\" y1=\"\(ReportSVG.n(base))\" y2=\"\(ReportSVG.n(base + 4))\"/>"
            out += ReportSVG.text(text, x: x(i), y: base + 16, anchor: "middle")
        }
        return out
    }
}
