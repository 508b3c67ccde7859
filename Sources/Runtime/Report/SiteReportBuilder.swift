import Foundation
import Insight

/// Turns a `ReportScan` into the `SiteReport` the HTML, JSON and CSV render, with Insight's
/// statistics. Shared by `sitegen report` and the live `/_sitegen/report/<site>` endpoint.
///
/// The verdict rule (docs/report.md):
/// 1. **too little data** while any variant has fewer than `minimumImpressions` (100) learnable
///    impressions or the site fewer than `minimumConversions` (10) conversions in all;
/// 2. **winning** when the leader's chance to be best is at least 0.95;
/// 3. **no real difference** when the leader's uplift over the runner-up has a 95% interval
///    that covers 0 and lies within ±`equivalenceMargin` (10% relative): enough data to rule out
///    any difference worth acting on;
/// 4. otherwise **keep exploring**.
package enum SiteReportBuilder {
    package static let minimumImpressions = 100
    package static let minimumConversions = 10
    package static let winningChance = 0.95
    package static let equivalenceMargin = 0.10
    /// Hourly buckets when the range is this short or shorter.
    package static let hourlyRange: TimeInterval = 3 * 86_400
    /// Countries shown by name; the rest are "other".
    package static let namedCountries = 10

    package static func build(_ scan: ReportScan, generatedAt: Date = Date()) -> SiteReport {
        let ids = scan.variants
        let units = SiteReportUnits(currency: nil, revenueLabel: "goal value")
        let learnable = scan.totals.map(\.learnable)
        let posteriors = learnable.map { posterior($0) }
        let chances = chanceToBeBest(posteriors)
        let revenueChances = revenueChanceToBeBest(learnable)
        let order = ids.indices.sorted { (chances[$0], -$0) > (chances[$1], -$1) }
        let leader = learnable.contains { $0.impressions > 0 } ? order.first : nil
        let runnerUp = leader != nil && order.count > 1 ? order[1] : nil

        var variants: [SiteReportVariant] = []
        for (k, id) in ids.enumerated() {
            let tally = learnable[k]
            let interval = tally.impressions > 0 ? (try? posteriors[k].interval(level: 0.95)) : nil
            let revenueEstimate = revenueInterval(tally)
            variants.append(
                SiteReportVariant(
                    id: id, impressions: tally.impressions, conversions: tally.conversions,
                    chanceToBeBest: tally.impressions > 0 || ids.count > 1 ? chances[k] : nil,
                    rateInterval: interval.map { [$0.lower, $0.upper] }, revenue: tally.revenue,
                    revenuePerVisitInterval: revenueEstimate, chanceToBeBestRevenuePerVisit: revenueChances?[k],
                    botImpressions: scan.totals[k].bots.impressions,
                    pinnedImpressions: scan.totals[k].pinned.impressions,
                    upliftOverRunnerUp: k == leader
                        ? runnerUp.flatMap { uplift(posteriors[k], over: posteriors[$0]) } : nil,
                    upliftOverFirst: k > 0 ? uplift(posteriors[k], over: posteriors[0]) : nil))
        }

        let totalConversions = learnable.reduce(0) { $0 + $1.conversions }
        let totalRevenue = learnable.reduce(0) { $0 + $1.revenue }
        let verdict = SiteReportVerdict(
            kind: verdictKind(learnable: learnable, chances: chances, leader: leader, variants: variants),
            leader: leader.map { ids[$0] }, leaderChanceToBeBest: leader.map { chances[$0] },
            runnerUp: runnerUp.map { ids[$0] }, first: ids.first,
            upliftOverRunnerUp: leader.flatMap { variants[$0].upliftOverRunnerUp },
            upliftOverFirst: leader.flatMap { $0 == 0 ? nil : variants[$0].upliftOverFirst },
            conversions: totalConversions, revenue: totalRevenue, units: units)

        let all = scan.totals.reduce(into: (total: 0, bots: 0, pinned: 0)) {
            $0.total += $1.learnable.impressions + $1.bots.impressions + $1.pinned.impressions
            $0.bots += $1.bots.impressions
            $0.pinned += $1.pinned.impressions
        }
        let health = SiteReportHealth(
            totalImpressions: all.total, botImpressions: all.bots, pinnedImpressions: all.pinned,
            droppedEvents: scan.droppedEvents, lastEventAt: scan.lastEventAt)
        let granularity: SiteReportTimelineBucket.Granularity =
            scan.to.timeIntervalSince(scan.from) <= hourlyRange ? .hour : .day

        var report = SiteReport(
            site: scan.site, generatedAt: generatedAt, from: scan.from, to: scan.to, verdict: verdict,
            variants: variants, policyValue: policyValue(scan), srm: sampleRatio(scan),
            timelineGranularity: granularity, timeline: timeline(scan, granularity: granularity),
            segments: segments(scan, overallLeader: leader.map { ids[$0] }), placements: placements(scan),
            health: health, units: units)
        let anomalies = placementAnomalies(scan)
        if !anomalies.isEmpty { report.anomalies = anomalies }
        if granularity == .day { report.forecast = scanForecast(scan) }
        return report
    }

    // MARK: Forecast

    /// The next two weeks of scans, every placement together, with 80% and 95% bands, from the
    /// whole days in the range: drawn after the scans-per-day chart.
    static func scanForecast(_ scan: ReportScan, horizon: Int = 14) -> SiteReportForecast? {
        guard let last = scan.lastDecisionAt?.storeMilliseconds else { return nil }
        let lastWholeDayEnd = last - ((last % 86_400_000) + 86_400_000) % 86_400_000
        var days: [Int64: Double] = [:]
        for (hour, count) in scan.scansByHour where hour < lastWholeDayEnd {
            days[hour - ((hour % 86_400_000) + 86_400_000) % 86_400_000, default: 0] += Double(count)
        }
        // A week is the least that shows the weekly pattern the model needs.
        guard days.count >= 7 else { return nil }
        let observations = days.map { ForecastObservation(date: Date(storeMilliseconds: $0.key), value: $0.value) }
        guard let series = try? ForecastSeriesBuilder.build(observations, frequency: .daily),
            let result = try? Forecaster.forecast(series: series, horizon: horizon)
        else { return nil }
        return SiteReportForecast(
            metric: "scans",
            points: result.points.map { point in
                SiteReportForecast.Point(
                    start: series.date(ofStep: point.step), granularity: .day, value: point.value,
                    lower80: point.lower80, upper80: point.upper80, lower95: point.lower95, upper95: point.upper95)
            })
    }

    // MARK: Anomalies

    /// Per placement, days whose scans fell far below what its own history forecast (a poster
    /// taken down, a sticker covered): Insight's detector over the whole range, not only the
    /// last week, since the report looks back.
    static func placementAnomalies(_ scan: ReportScan) -> [SiteReportAnomaly] {
        var options = AnomalyDetectorOptions.preset(for: .daily)
        options.scanFrom = 0
        let detector = AnomalyDetector(options: options)
        // Only whole days: the day of the last decision (today, live) and the returning views
        // after it are partial, and a partial day reads as a drop.
        guard let last = scan.lastDecisionAt?.storeMilliseconds else { return [] }
        let lastWholeDayEnd = last - ((last % 86_400_000) + 86_400_000) % 86_400_000
        var result: [SiteReportAnomaly] = []
        for (placement, hours) in scan.placementHourlyScans.sorted(by: { $0.key < $1.key }) where !placement.isEmpty {
            var days: [Int64: Double] = [:]
            for (hour, count) in hours where hour < lastWholeDayEnd {
                days[hour - ((hour % 86_400_000) + 86_400_000) % 86_400_000, default: 0] += Double(count)
            }
            let observations = days.map { ForecastObservation(date: Date(storeMilliseconds: $0.key), value: $0.value) }
            guard observations.count >= options.warmupDays,
                let series = try? ForecastSeriesBuilder.build(observations, frequency: .daily),
                let found = try? detector.detect(series: series)
            else { continue }
            for anomaly in found.anomalies where anomaly.kind != .spike {
                result.append(
                    SiteReportAnomaly(
                        start: anomaly.start, end: anomaly.end ?? scan.to, kind: "scans-\(anomaly.kind.rawValue)",
                        expected: anomaly.expected, actual: anomaly.actual,
                        text: "Placement \(placement): \(anomaly.summary)", subject: placement))
            }
        }
        return result
    }

    // MARK: Verdict and leaderboard

    static func verdictKind(
        learnable: [ReportScan.Tally], chances: [Double], leader: Int?, variants: [SiteReportVariant]
    ) -> SiteReportVerdict.Kind {
        let conversions = learnable.reduce(0) { $0 + $1.conversions }
        guard let leader, learnable.count > 1,
            learnable.allSatisfy({ $0.impressions >= minimumImpressions }), conversions >= minimumConversions
        else { return .tooLittleData }
        if chances[leader] >= winningChance { return .winning }
        if let uplift = variants[leader].upliftOverRunnerUp, let lower = uplift.lower, let upper = uplift.upper,
            lower <= 0, upper >= 0, lower >= -equivalenceMargin, upper <= equivalenceMargin
        {
            return .noRealDifference
        }
        return .keepExploring
    }

    static func posterior(_ tally: ReportScan.Tally) -> BetaPosterior {
        // Clamped, the counts are finite and non-negative, which is all the initializer checks.
        let successes = Double(max(0, tally.conversions))
        let failures = Double(max(0, tally.impressions - tally.conversions))
        do {
            return try BetaPosterior(successes: successes, failures: failures)
        } catch {
            fatalError("finite non-negative counts make a valid posterior: \(error)")
        }
    }

    static func chanceToBeBest(_ posteriors: [BetaPosterior]) -> [Double] {
        posteriors.isEmpty ? [] : ChanceToBeBest.beta(posteriors)
    }

    static func revenueEstimate(_ tally: ReportScan.Tally) -> NormalEstimate? {
        guard tally.impressions > 1 else { return nil }
        return NormalEstimate(
            count: Double(tally.impressions), sum: tally.revenue, sumOfSquares: tally.revenueSquares)
    }

    static func revenueInterval(_ tally: ReportScan.Tally) -> [Double]? {
        guard let estimate = revenueEstimate(tally), let interval = try? estimate.interval(level: 0.95) else {
            return nil
        }
        return [max(0, interval.lower), interval.upper]
    }

    static func revenueChanceToBeBest(_ tallies: [ReportScan.Tally]) -> [Double]? {
        let estimates = tallies.compactMap(revenueEstimate)
        guard estimates.count == tallies.count, estimates.count > 1 else { return nil }
        return ChanceToBeBest.normal(estimates)
    }

    static func uplift(_ treatment: BetaPosterior, over baseline: BetaPosterior) -> SiteReportUplift? {
        guard let result = try? RelativeUplift(treatment: treatment, baseline: baseline) else { return nil }
        return SiteReportUplift(value: result.observed ?? result.median, lower: result.lower, upper: result.upper)
    }

    // MARK: Over time

    static func timeline(
        _ scan: ReportScan, granularity: SiteReportTimelineBucket.Granularity
    ) -> [SiteReportTimelineBucket] {
        let step: Int64 = granularity == .hour ? 3_600_000 : 86_400_000
        func bucket(_ ms: Int64) -> Int64 { ms - ((ms % step) + step) % step }
        var impressions: [Int64: [ReportScan.Tally]] = [:]
        for (hour, row) in scan.hours {
            var merged = impressions[bucket(hour)] ?? Array(repeating: ReportScan.Tally(), count: scan.variants.count)
            for (k, tally) in row.enumerated() where k < merged.count { merged[k].add(tally) }
            impressions[bucket(hour)] = merged
        }
        var scans: [Int64: Int] = [:]
        for (hour, count) in scan.scansByHour { scans[bucket(hour), default: 0] += count }
        // Returning visitors' views go on after the last decision; buckets holding only those
        // would draw every share as zero at the end of the charts.
        let lastDecision = impressions.keys.max()
        let keys = Set(impressions.keys).union(scans.keys.filter { key in lastDecision.map { key <= $0 } ?? true })
        guard let first = keys.min(), let last = keys.max() else { return [] }
        var cumulative = Array(repeating: ReportScan.Tally(), count: scan.variants.count)
        var result: [SiteReportTimelineBucket] = []
        // Every bucket from the first to the last, empty ones included, so gaps show as gaps.
        var start = first
        while start <= last {
            let row = impressions[start] ?? Array(repeating: ReportScan.Tally(), count: scan.variants.count)
            for (k, tally) in row.enumerated() { cumulative[k].add(tally) }
            let posteriors = cumulative.map(posterior)
            let chances = chanceToBeBest(posteriors)
            let variants = scan.variants.indices.map { k in
                let total = cumulative[k]
                let interval = total.impressions > 0 ? (try? posteriors[k].interval(level: 0.95)) : nil
                return SiteReportTimelineBucket.Variant(
                    id: scan.variants[k], impressions: row[k].impressions, conversions: row[k].conversions,
                    cumulativeRate: total.impressions > 0
                        ? Double(total.conversions) / Double(total.impressions) : nil,
                    cumulativeRateInterval: interval.map { [$0.lower, $0.upper] },
                    chanceToBeBest: total.impressions > 0 || scan.variants.count > 1 ? chances[k] : nil)
            }
            result.append(
                SiteReportTimelineBucket(
                    start: Date(storeMilliseconds: start), granularity: granularity, variants: variants,
                    scans: scans[start] ?? 0))
            start += step
        }
        return result
    }

    // MARK: Segments

    static func segments(_ scan: ReportScan, overallLeader: String?) -> [SiteReportSegment] {
        let width = scan.variants.count
        var byDimension: [SiteReportSegment.Dimension: [String: [ReportScan.Tally]]] = [:]
        func add(_ dimension: SiteReportSegment.Dimension, _ value: String, _ row: [ReportScan.Tally]) {
            var merged = byDimension[dimension]?[value] ?? Array(repeating: ReportScan.Tally(), count: width)
            for (k, tally) in row.enumerated() where k < width { merged[k].add(tally) }
            byDimension[dimension, default: [:]][value] = merged
        }
        for (features, row) in scan.contexts {
            let unknown = "unknown"
            add(.device, features["device"] ?? unknown, row)
            let daypart =
                features["daypart"].flatMap { $0 == unknown ? nil : $0 }
                ?? features["hour"].flatMap(Int.init).map(daypartName) ?? unknown
            add(.daypart, daypart, row)
            let weekday = features["weekday"].flatMap(Int.init).map { $0 >= 6 ? "weekend" : "weekday" } ?? unknown
            add(.weekday, weekday, row)
            add(.country, features["country"] ?? unknown, row)
            add(.language, features["language"] ?? unknown, row)
            if scan.olderSchema { add(.source, features["source"] ?? unknown, row) }
        }
        if !scan.olderSchema {
            for (source, row) in scan.sourceTallies { add(.source, source.isEmpty ? "none" : source, row) }
        }
        for (placement, row) in scan.placementTallies { add(.placement, placement, row) }
        // Countries: the ten with most impressions by name, the rest together.
        if let countries = byDimension[.country], countries.count > namedCountries + 1 {
            let ranked = countries.sorted {
                ($0.value.reduce(0) { $0 + $1.impressions }, $1.key) > (
                    $1.value.reduce(0) { $0 + $1.impressions }, $0.key
                )
            }
            var kept: [String: [ReportScan.Tally]] = [:]
            var other = Array(repeating: ReportScan.Tally(), count: width)
            for (index, entry) in ranked.enumerated() {
                if index < namedCountries {
                    kept[entry.key] = entry.value
                } else {
                    for (k, tally) in entry.value.enumerated() { other[k].add(tally) }
                }
            }
            kept["other"] = other
            byDimension[.country] = kept
        }

        var result: [SiteReportSegment] = []
        for dimension in SiteReportSegment.Dimension.allCases {
            guard let values = byDimension[dimension] else { continue }
            let ordered = values.sorted {
                ($0.value.reduce(0) { $0 + $1.impressions }, $1.key) > (
                    $1.value.reduce(0) { $0 + $1.impressions }, $0.key
                )
            }
            for (value, row) in ordered {
                let posteriors = row.map(posterior)
                let chances = chanceToBeBest(posteriors)
                let hasData = row.contains { $0.impressions > 0 }
                let best = hasData ? row.indices.max { (chances[$0], -$0) < (chances[$1], -$1) } : nil
                let variants = row.indices.map { k in
                    SiteReportSegment.Variant(
                        id: scan.variants[k], impressions: row[k].impressions, conversions: row[k].conversions,
                        chanceToBeBest: hasData ? chances[k] : nil)
                }
                let leader = best.map { scan.variants[$0] }
                result.append(
                    SiteReportSegment(
                        dimension: dimension, value: value, leader: leader,
                        leaderRate: best.flatMap { variants[$0].conversionRate },
                        chanceToBeBest: best.map { chances[$0] },
                        differsFromOverall: leader != nil && overallLeader != nil && leader != overallLeader,
                        variants: variants))
            }
        }
        return result
    }

    static func daypartName(_ hour: Int) -> String {
        switch hour {
        case 6..<12: "morning"
        case 12..<18: "afternoon"
        case 18..<24: "evening"
        default: "night"
        }
    }

    // MARK: Placements

    static func placements(_ scan: ReportScan) -> [SiteReportPlacement] {
        var names = scan.layout?.placements.map(\.id) ?? []
        let pinned = Dictionary(
            (scan.layout?.placements ?? []).compactMap { p in p.variant.map { (p.id, $0) } },
            uniquingKeysWith: { first, _ in first })
        for name in Set(scan.placementVisitors.keys).union(scan.placementScans.keys).sorted()
        where !name.isEmpty && !names.contains(name) {
            names.append(name)
        }
        return names.map { name in
            let visitors = scan.placementVisitors[name] ?? (0, 0)
            let interval =
                visitors.visitors > 0
                ? (try? BetaPosterior(conversions: visitors.conversions, impressions: visitors.visitors))
                    .flatMap { try? $0.interval(level: 0.95) } : nil
            return SiteReportPlacement(
                id: name, pinned: pinned[name] != nil, pinnedVariant: pinned[name],
                scans: scan.placementScans[name]?.scans ?? 0, uniqueVisitors: visitors.visitors,
                conversions: visitors.conversions, rateInterval: interval.map { [$0.lower, $0.upper] })
        }
    }

    // MARK: Health and policy value

    static func sampleRatio(_ scan: ReportScan) -> SiteReportSRM? {
        let width = scan.layout?.variants.count ?? 0
        guard width > 1, !scan.ratioCells.isEmpty else { return nil }
        var cells: [(key: String, cell: SampleRatioCell)] = []
        for (key, sums) in scan.ratioCells.sorted(by: { $0.key < $1.key }) {
            let products = (0..<width).map { k in Array(sums.products[(k * width)..<((k + 1) * width)]) }
            guard
                let cell = try? SampleRatioCell(
                    observed: sums.observed, expected: sums.expected, probabilityProducts: products)
            else { continue }
            cells.append((key, cell))
        }
        guard let result = try? SampleRatioTest.combined(cells.map { $0.cell }) else { return nil }
        var observed = Array(repeating: 0.0, count: width)
        var expected = Array(repeating: 0.0, count: width)
        for (_, cell) in cells {
            for k in 0..<width {
                observed[k] += cell.observed[k]
                expected[k] += cell.expected[k]
            }
        }
        // The largest cells, each tested alone, so a reader can see where a mismatch sits. Each at
        // the threshold divided by the cells shown (Bonferroni): twelve tests at p < 0.001 would
        // flag a healthy cell in about one report in a hundred.
        let shown = cells.sorted { $0.cell.observed.reduce(0, +) > $1.cell.observed.reduce(0, +) }.prefix(12)
        let cellThreshold = SampleRatioTest.defaultThreshold / Double(max(shown.count, 1))
        let cellResults = shown.compactMap { entry -> SiteReportSRM.Cell? in
            guard let alone = try? SampleRatioTest.overall([entry.cell], threshold: cellThreshold) else { return nil }
            return SiteReportSRM.Cell(
                cell: entry.key.isEmpty ? "all visitors" : entry.key, pValue: alone.pValue,
                chiSquare: alone.pValue == nil ? nil : alone.statistic,
                degreesOfFreedom: alone.pValue == nil ? nil : alone.degreesOfFreedom, flagged: alone.flagged)
        }
        return SiteReportSRM(
            pValue: result.pValue, flagged: result.flagged, chiSquare: result.pValue == nil ? nil : result.statistic,
            degreesOfFreedom: result.pValue == nil ? nil : result.degreesOfFreedom, threshold: result.threshold,
            variants: (0..<width).map {
                SiteReportSRM.Count(id: scan.variants[$0], observed: Int(observed[$0]), expected: expected[$0])
            },
            cells: cellResults)
    }

    static func policyValue(_ scan: ReportScan) -> [SiteReportPolicyValue] {
        let width = scan.layout?.variants.count ?? 0
        guard width > 0 else { return [] }
        var result: [SiteReportPolicyValue] = []
        for (metric, sums, bounds) in [
            (SiteReportPolicyValue.Metric.conversionRate, scan.conversionSums, Optional(0.0...1.0)),
            (.revenuePerVisit, scan.revenueSums, nil),
        ] {
            guard !sums.isEmpty, let evaluation = try? OffPolicyEvaluation(sums: sums, actionCount: width),
                let estimates = try? evaluation.allEstimates(level: 0.95, rewardBounds: bounds)
            else { continue }
            for estimate in estimates {
                let policy: SiteReportPolicyValue.Policy
                switch estimate.policy {
                case .logged: policy = .logged
                case .uniform: policy = .uniform
                case .always(let k): policy = .variant(scan.variants[k])
                }
                let estimator: SiteReportPolicyValue.Estimator
                switch estimate.estimator {
                case .ips: estimator = .ips
                case .snips: estimator = .snips
                case .dr: estimator = .dr
                }
                result.append(
                    SiteReportPolicyValue(
                        policy: policy, estimator: estimator, metric: metric, value: estimate.value,
                        lower: estimate.lower, upper: estimate.upper, effectiveSampleSize: estimate.effectiveSampleSize,
                        maxWeight: estimate.largestWeight))
            }
        }
        return result
    }
}
