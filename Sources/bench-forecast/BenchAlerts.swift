import Foundation
import Insight

/// Alert quality on synthetic series with injected drops, and false alarms on clean ones.
enum BenchAlerts {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00Z, a Thursday
    static let utc = TimeZone(identifier: "UTC") ?? .current

    struct Trial {
        var detected: Bool
        var delay: Int?
        /// Scans the drop removed in its first 3 hours: near zero, no detector can see it that soon.
        var removedEarly: Double = 0
    }

    /// Injects a drop of `depth` (0.4 = 40% fewer) over [at, at + length) into an hourly series and
    /// checks it in a live-like way: one detect call over a window that starts 3 days before it.
    static func hourlyDropTrial(rng: inout BenchRandom, depth: Double, length: Int, levels: ClosedRange<Double>)
        -> Trial
    {
        let days = Int(rng.uniform(28, 60))
        let d = BenchSynthetic.daily(days: days, rng: &rng, holidays: false, levelRange: levels)
        var hourly = BenchSynthetic.hourly(dailyMean: d.mean, rng: &rng)
        let at = hourly.count - length - Int(rng.uniform(24, 72))
        let removedEarly = hourly[at..<min(at + 3, at + length)].reduce(0, +) * depth
        for t in at..<(at + length) { hourly[t] = (hourly[t] * (1 - depth)).rounded() }
        if depth >= 1 { for t in at..<(at + length) { hourly[t] = 0 } }
        var o = AnomalyDetectorOptions.preset(for: .hourly)
        o.scanFrom = at - 72
        let report =
            (try? AnomalyDetector(options: o).detect(values: hourly, frequency: .hourly, start: start, timeZone: utc))
            ?? .stillLearning(daysOfHistory: 0, daysNeeded: 14)
        let hits = report.anomalies.filter {
            ($0.kind == .drop || $0.kind == .zero) && $0.alertIndex >= at && $0.startIndex < at + length
        }
        guard let first = hits.min(by: { $0.alertIndex < $1.alertIndex }) else {
            return Trial(detected: false, delay: nil, removedEarly: removedEarly)
        }
        return Trial(detected: true, delay: first.alertIndex - at + 1, removedEarly: removedEarly)
    }

    static func dailyDropTrial(rng: inout BenchRandom, depth: Double, cv: inout Double) -> Trial {
        let days = Int(rng.uniform(30, 366))
        let d = BenchSynthetic.daily(days: days, rng: &rng, holidays: false)
        cv = d.cv
        var v = d.values
        let at = days - Int(rng.uniform(1, 6))
        v[at] = (v[at] * (1 - depth)).rounded()
        var o = AnomalyDetectorOptions.preset(for: .daily)
        o.scanFrom = max(14, at - 7)
        let report =
            (try? AnomalyDetector(options: o).detect(values: v, frequency: .daily, start: start, timeZone: utc))
            ?? .stillLearning(daysOfHistory: 0, daysNeeded: 14)
        let hit = report.anomalies.contains {
            ($0.kind == .drop || $0.kind == .zero) && $0.startIndex <= at && $0.alertIndex >= at
        }
        return Trial(detected: hit, delay: hit ? 1 : nil)
    }

    /// False alarms: clean series (no holidays, no drops) checked week by week, each week with a
    /// model fitted on everything before it, as a service checking weekly would.
    static func falseAlarms(
        rng: inout BenchRandom, frequency: ForecastFrequency, days: Int, levels: ClosedRange<Double>
    ) -> (alarms: Int, days: Int) {
        let d = BenchSynthetic.daily(days: days, rng: &rng, holidays: false, levelRange: levels)
        let values = frequency == .daily ? d.values : BenchSynthetic.hourly(dailyMean: d.mean, rng: &rng)
        let perDay = frequency.pointsPerDay
        var alarms = 0, checked = 0
        var end = 21 * perDay
        let detector = AnomalyDetector(frequency: frequency)
        while end <= values.count {
            let report =
                (try? detector.detect(values: Array(values[0..<end]), frequency: frequency, start: start, timeZone: utc))
            alarms += report?.anomalies.filter { $0.alertIndex >= end - 7 * perDay }.count ?? 0
            checked += 7
            end += 7 * perDay
        }
        return (alarms, checked)
    }

    static func rateCollapseTrial(rng: inout BenchRandom, collapse: Bool) -> Bool {
        let hours = 24 * 30
        let d = BenchSynthetic.daily(days: 30, rng: &rng, holidays: false, levelRange: 1000...10000)
        let traffic = BenchSynthetic.hourly(dailyMean: d.mean, rng: &rng)
        var variants: [AnomalyVariantSeries] = []
        let at = hours - 48
        for (i, name) in ["A", "B", "C"].enumerated() {
            let rate = rng.uniform(0.02, 0.08)
            var imp = [Double](), conv = [Double]()
            for t in 0..<hours {
                let n = (traffic[t] / 3).rounded()
                var p = rate
                if collapse && i == 1 && t >= at && t < at + 24 { p *= 0.1 }
                imp.append(n)
                conv.append(min(n, rng.poisson(n * p)))
            }
            variants.append(AnomalyVariantSeries(variant: name, impressions: imp, conversions: conv))
        }
        var o = AnomalyDetectorOptions.preset(for: .hourly)
        o.scanFrom = hours - 72
        let r = try? AnomalyDetector(options: o).detectRateCollapse(
            variants: variants, frequency: .hourly, start: start, timeZone: utc)
        let hits = r?.anomalies ?? []
        return collapse
            ? hits.contains { $0.variant == "B" && $0.startIndex < at + 24 && ($0.endIndex ?? hours) > at }
            : !hits.isEmpty
    }

    static func run(quick: Bool, seed: UInt64) {
        var rng = BenchRandom(seed: seed)
        let trials = quick ? 40 : 150
        print("drops on hourly series (28–60 days, 100–5,000 scans/day), recall and median delay in hours:")
        print("depth      3 hours          24 hours         72 hours")
        for (lo, hi) in [(0.2, 0.4), (0.4, 0.7), (0.7, 1.0)] {
            var row = String(format: "%2.0f–%3.0f%%  ", lo * 100, hi * 100)
            for length in [3, 24, 72] {
                var hit = 0, delays: [Int] = []
                for _ in 0..<trials {
                    let t = hourlyDropTrial(rng: &rng, depth: rng.uniform(lo, hi), length: length, levels: 100...5000)
                    if t.detected { hit += 1; delays.append(t.delay ?? 0) }
                }
                delays.sort()
                let med = delays.isEmpty ? "-" : String(delays[delays.count / 2])
                row += String(format: "%5.1f%% (%@ h)     ", 100 * Double(hit) / Double(trials), med)
            }
            print(row)
        }
        var lowHit = 0
        for _ in 0..<trials
        where hourlyDropTrial(rng: &rng, depth: rng.uniform(0.4, 1.0), length: 24, levels: 20...100).detected {
            lowHit += 1
        }
        print(
            String(
                format: "≥40%% drops lasting a day, low-traffic placements (20–100 scans/day): recall %.1f%%",
                100 * Double(lowHit) / Double(trials)))

        var zeroDelays: [Int] = [], zeroMissed = 0, lateRemoved: [Double] = [], onTimeRemoved: [Double] = []
        for _ in 0..<trials {
            let t = hourlyDropTrial(rng: &rng, depth: 1.0, length: 48, levels: 100...5000)
            if let d = t.delay { zeroDelays.append(d) } else { zeroMissed += 1 }
            if let d = t.delay, d <= 3 {
                onTimeRemoved.append(t.removedEarly)
            } else {
                lateRemoved.append(t.removedEarly)
            }
        }
        zeroDelays.sort()
        let within3 = zeroDelays.filter { $0 <= 3 }.count
        print(
            String(
                format:
                    "drop to zero (hourly, 100–5,000/day, any hour of day): detected %d/%d, within 3 h %.1f%%, median %d h, p90 %d h",
                zeroDelays.count, trials, 100 * Double(within3) / Double(trials),
                zeroDelays.isEmpty ? -1 : zeroDelays[zeroDelays.count / 2],
                zeroDelays.isEmpty ? -1 : zeroDelays[min(zeroDelays.count - 1, zeroDelays.count * 9 / 10)]))
        // Whether the late ones are drops that removed almost nothing in their first hours (a
        // night on a small placement), which no detector can see sooner.
        lateRemoved.sort()
        onTimeRemoved.sort()
        print(
            String(
                format:
                    "  scans removed in the first 3 h: late or missed (%d) median %.0f, max %.0f; on time (%d) median %.0f, min %.0f",
                lateRemoved.count, lateRemoved.isEmpty ? 0 : lateRemoved[lateRemoved.count / 2], lateRemoved.last ?? 0,
                onTimeRemoved.count, onTimeRemoved.isEmpty ? 0 : onTimeRemoved[onTimeRemoved.count / 2],
                onTimeRemoved.first ?? 0))

        var dailyHit = 0, lowNoise = 0, lowNoiseHit = 0
        for _ in 0..<(2 * trials) {
            var cv = 0.0
            let hit = dailyDropTrial(rng: &rng, depth: rng.uniform(0.4, 1.0), cv: &cv).detected
            if hit { dailyHit += 1 }
            if cv <= 0.1 { lowNoise += 1; if hit { lowNoiseHit += 1 } }
        }
        print(
            String(
                format:
                    "≥40%% one-day drops on daily series (30–365 days, 30–3,000/day, extra noise CV 5–20%%): recall %.1f%%; with CV ≤ 10%%: %.1f%% (%d trials)",
                100 * Double(dailyHit) / Double(2 * trials), 100 * Double(lowNoiseHit) / Double(max(1, lowNoise)),
                lowNoise))

        for (freq, n) in [(ForecastFrequency.hourly, quick ? 10 : 40), (.daily, quick ? 30 : 150)] {
            var alarms = 0, days = 0
            for _ in 0..<n {
                let r = falseAlarms(rng: &rng, frequency: freq, days: freq == .hourly ? 120 : 365, levels: 100...5000)
                alarms += r.alarms; days += r.days
            }
            print(
                String(
                    format: "false alarms, clean %@ series: %d in %d days checked = %.2f per 90 days", freq.rawValue,
                    alarms, days, 90 * Double(alarms) / Double(days)))
        }
        var rc = 0, rf = 0
        for _ in 0..<(quick ? 20 : 60) {
            if rateCollapseTrial(rng: &rng, collapse: true) { rc += 1 }
            if rateCollapseTrial(rng: &rng, collapse: false) { rf += 1 }
        }
        print(
            "rate collapse (1,000–10,000 scans/day over 3 variants; one converts 90% less for a day): found \(rc)/\(quick ? 20 : 60); false alarms on clean variants: \(rf)/\(quick ? 20 : 60) runs"
        )
    }
}
