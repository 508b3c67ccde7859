import Foundation

extension AnomalyDetector {
    /// Finds variants whose conversion rate collapsed against their own history (a broken checkout
    /// link behind one redirect variant), while traffic itself may look normal.
    ///
    /// Per variant: the baseline rate p₀ is conversions / impressions before the checked window
    /// (`scanFrom`, as in `detect`); variants with fewer than `collapseMinBaselineConversions`
    /// conversions there are not judged. Through the window a likelihood-ratio CUSUM tests "rate is
    /// p₀·`collapseRatio`" against "rate is p₀" (Poisson conversions given impressions), alarming
    /// at `collapseThreshold` (9.2 ≈ odds of 10,000 to 1); the anomaly starts where the CUSUM last
    /// left zero, and ends where a mirror CUSUM (evidence for p₀ again) last left zero once it passes
    /// half the threshold. `expected` and `actual` are rates.
    package func detectRateCollapse(
        variants: [AnomalyVariantSeries], frequency: ForecastFrequency, start: Date,
        timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current
    ) throws(ForecastError) -> AnomalyReport {
        if variants.isEmpty { throw .emptySeries }
        for v in variants {
            if v.impressions.count != v.conversions.count {
                throw .mismatchedLengths(
                    "variant \(v.variant): \(v.impressions.count) impressions vs \(v.conversions.count) conversions")
            }
            try ForecastLimits.validate(values: v.impressions)
            try ForecastLimits.validate(values: v.conversions)
            for i in v.impressions.indices where v.conversions[i] > v.impressions[i] {
                throw .conversionsExceedImpressions(variant: v.variant, index: i)
            }
        }
        let o = options
        let perDay = frequency.pointsPerDay
        let warmup = o.warmupDays * perDay
        let n = variants.map(\.impressions.count).max() ?? 0
        if n < warmup { return .stillLearning(daysOfHistory: n / perDay, daysNeeded: o.warmupDays) }
        var found: [Anomaly] = []
        let logRatio = log(o.collapseRatio)
        for v in variants {
            let count = v.impressions.count
            let scanFrom = min(count, max(warmup, o.scanFrom ?? (count - o.defaultScanDays * perDay)))
            var baseN = 0.0, baseC = 0.0
            for i in 0..<scanFrom { baseN += v.impressions[i]; baseC += v.conversions[i] }
            guard baseC >= o.collapseMinBaselineConversions, baseN > 0 else { continue }
            let p0 = baseC / baseN
            var s = 0.0, sStart = scanFrom
            var openStart: Int? = nil
            var r = 0.0, rStart = scanFrom
            var spanN = 0.0, spanC = 0.0
            var candN = 0.0, candC = 0.0
            var recN = 0.0, recC = 0.0

            var alert = scanFrom
            func emit(_ a: Int, _ end: Int?, _ alertIndex: Int) {
                let sd = frequency.date(at: a, from: start, timeZone: timeZone)
                let ed = end.map { frequency.date(at: $0, from: start, timeZone: timeZone) }
                let rate = spanN > 0 ? spanC / spanN : 0
                found.append(
                    Anomaly(
                        kind: .rateCollapse, startIndex: a, endIndex: end, alertIndex: alertIndex, start: sd, end: ed,
                        expected: p0, actual: rate,
                        variant: v.variant,
                        summary: AnomalySummary.text(
                            kind: .rateCollapse, metric: o.metric, expected: p0, actual: rate,
                            steps: (end ?? count) - a, start: sd, end: ed, frequency: frequency,
                            timeZone: timeZone, variant: v.variant)))
            }

            for t in scanFrom..<count {
                let ni = v.impressions[t], ci = v.conversions[t]
                // log LR of "rate p0·ratio" vs "rate p0" for Poisson(c | n·p).
                let llr = ci * logRatio + ni * p0 * (1 - o.collapseRatio)
                if let a = openStart {
                    // Points while the recovery CUSUM is positive are held apart: if it passes
                    // its threshold they belong to the recovery, not to the collapse.
                    if r == 0 { rStart = t; spanN += recN; spanC += recC; recN = 0; recC = 0 }
                    r = max(0, r - llr)
                    if r > 0 { recN += ni; recC += ci } else { spanN += ni; spanC += ci }
                    if r > o.collapseThreshold / 2 {
                        emit(a, rStart, alert)
                        openStart = nil
                        s = 0; spanN = 0; spanC = 0; recN = 0; recC = 0
                    }
                    continue
                }
                if s == 0 { sStart = t; candN = 0; candC = 0 }
                s = max(0, s + llr)
                if s > 0 { candN += ni; candC += ci }
                if s > o.collapseThreshold {
                    // Then skip hours that say little: start at the first hour at least one
                    // conversion short and closer to the collapsed rate than to the usual one.
                    // (A collapse that begins at night is dated to the first informative hour.)
                    // Before that, take the most likely change point: the start whose log-likelihood
                    // ratio sum up to now is largest (a CUSUM kept afloat overnight would otherwise
                    // reach back into the evening).
                    var s0 = sStart, bestSum = -Double.infinity, sum = 0.0
                    for i in stride(from: t, through: sStart, by: -1) {
                        sum += v.conversions[i] * logRatio + v.impressions[i] * p0 * (1 - o.collapseRatio)
                        if sum > bestSum { bestSum = sum; s0 = i }
                    }
                    while s0 < t {
                        let expected = v.impressions[s0] * p0, c = v.conversions[s0]
                        if expected - c >= 1 && c <= expected * (1 + o.collapseRatio) / 2 { break }
                        s0 += 1
                    }
                    candN = 0; candC = 0
                    for i in s0...t { candN += v.impressions[i]; candC += v.conversions[i] }
                    openStart = s0
                    alert = t
                    spanN = candN; spanC = candC
                    r = 0; rStart = t + 1
                }
            }
            if let a = openStart {
                spanN += recN; spanC += recC
                emit(a, nil, alert)
            }
        }
        return .checked(anomalies: found.sorted { $0.startIndex < $1.startIndex }, model: "rate-cusum")
    }
}
