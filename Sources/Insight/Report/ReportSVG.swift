import Foundation

/// Small building blocks for the inline SVG charts.
enum ReportSVG {
    /// A coordinate with one decimal; non-finite values become 0 so a bad number can bend a
    /// chart but never put "NaN" into the document.
    static func n(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 10).rounded() / 10
        if r == r.rounded() { return String(Int(r)) }
        return String(format: "%.1f", r)
    }

    static func clamp(_ x: Double, _ lo: Double, _ hi: Double) -> Double {
        guard x.isFinite else { return lo }
        return min(hi, max(lo, x))
    }

    /// Up to about `count` round tick values covering lo...hi (1, 2, 2.5, 5 × 10ⁿ steps).
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard lo.isFinite, hi.isFinite, hi > lo, count > 0 else { return [lo.isFinite ? lo : 0] }
        let raw = (hi - lo) / Double(count)
        let mag = pow(10, floor(log10(raw)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var out: [Double] = []
        var t = ceil(lo / step - 1e-9) * step
        while t <= hi + step * 1e-9, out.count < 50 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    /// A rounded-up maximum for an axis that starts at 0.
    static func niceMax(_ x: Double) -> Double {
        guard x.isFinite, x > 0 else { return 1 }
        let mag = pow(10, floor(log10(x)))
        for m in [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] where m * mag >= x { return m * mag }
        return 10 * mag
    }

    /// A polyline through the points, broken wherever a value is missing.
    static func linePath(_ points: [(x: Double, y: Double?)]) -> String {
        var d = ""
        var pen = false
        for p in points {
            guard let y = p.y, y.isFinite, p.x.isFinite else { pen = false; continue }
            d += (pen ? "L" : "M") + n(p.x) + " " + n(y)
            pen = true
        }
        return d
    }

    /// Closed areas between `upper` and `lower`, one per run of points where both exist.
    static func bandPath(xs: [Double], lower: [Double?], upper: [Double?]) -> String {
        var d = ""
        var run: [(x: Double, lo: Double, hi: Double)] = []
        func flush() {
            if run.count >= 2 {
                d += "M" + run.map { n($0.x) + " " + n($0.hi) }.joined(separator: "L")
                d += "L" + run.reversed().map { n($0.x) + " " + n($0.lo) }.joined(separator: "L") + "Z"
            } else if let only = run.first {
                // One point still deserves a visible band: a short vertical bar.
                d += "M\(n(only.x - 1)) \(n(only.hi))H\(n(only.x + 1))V\(n(only.lo))H\(n(only.x - 1))Z"
            }
            run = []
        }
        for i in xs.indices {
            if i < lower.count, i < upper.count, let lo = lower[i], let hi = upper[i], lo.isFinite, hi.isFinite {
                run.append((xs[i], lo, hi))
            } else {
                flush()
            }
        }
        flush()
        return d
    }

    static func text(_ s: String, x: Double, y: Double, anchor: String = "start", cls: String = "ax") -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" class=\"\(cls)\">\(ReportFormat.html(s))</text>"
    }

    /// Opening tag with an accessible name: `<title>` for the tooltip, `<desc>` for the summary.
    static func open(width: Double, height: Double, title: String, desc: String, cls: String = "chart") -> String {
        "<svg class=\"\(cls)\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" preserveAspectRatio=\"xMinYMin meet\"><title>\(ReportFormat.html(title))</title><desc>\(ReportFormat.html(desc))</desc>"
    }
}
