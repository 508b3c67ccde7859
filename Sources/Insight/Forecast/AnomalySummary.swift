import Foundation

/// Formats anomaly summaries in plain words, with times in the series' time zone.
enum AnomalySummary {
    static func time(_ date: Date, frequency: ForecastFrequency, timeZone: TimeZone) -> String {
        // A formatter per call: summaries are built once per anomaly, and DateFormatter is not
        // safe to share across the concurrent tasks that check many series.
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = timeZone
        f.dateFormat = frequency == .hourly ? "EEE HH:mm" : "EEE d MMM"
        return f.string(from: date)
    }

    static func percent(_ x: Double) -> String {
        let p = (100 * x).rounded()
        return p.isFinite ? "\(Int(p))%" : "?%"
    }

    static func span(start: Date, end: Date?, frequency: ForecastFrequency, timeZone: TimeZone) -> String {
        let s = time(start, frequency: frequency, timeZone: timeZone)
        guard let end else { return "since \(s)" }
        return "from \(s) to \(time(end, frequency: frequency, timeZone: timeZone))"
    }

    static func text(
        kind: AnomalyKind, metric: String, expected: Double, actual: Double, steps: Int,
        start: Date, end: Date?, frequency: ForecastFrequency, timeZone: TimeZone, variant: String? = nil
    ) -> String {
        let when = span(start: start, end: end, frequency: frequency, timeZone: timeZone)
        let unit = frequency == .hourly ? "hour" : "day"
        switch kind {
        case .drop:
            return
                "\(metric) \(percent(1 - actual / max(expected, 1e-9))) below forecast \(when) (expected about \(round1(expected))/\(unit), got \(round1(actual)))"
        case .spike:
            return
                "\(metric) \(percent(actual / max(expected, 1e-9) - 1)) above forecast \(when) (expected about \(round1(expected))/\(unit), got \(round1(actual)))"
        case .zero:
            return
                "no \(metric) \(when) (\(steps) \(unit)\(steps == 1 ? "" : "s"); expected about \(round1(expected))/\(unit)): the QR code or its link may be broken"
        case .rateCollapse:
            return
                "conversion rate of variant \(variant ?? "?") \(percent(1 - actual / max(expected, 1e-12))) below its usual \(round1(100 * expected))% \(when) (now \(round1(100 * actual))%)"
        }
    }

    static func round1(_ x: Double) -> String {
        if !x.isFinite { return "?" }
        if abs(x) >= 100 { return String(Int(x.rounded())) }
        return String(format: "%.1f", x)
    }
}
