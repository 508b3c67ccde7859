import Foundation
import XCTest

@testable import Insight

/// Models shared by the report tests: a small realistic one, the edge cases the brief names, and
/// one where every number is NaN or infinite.
enum ReportFixtures {
    static let t0 = Date(timeIntervalSince1970: 1_793_491_200)  // 2026-11-01T00:00:00Z

    static func units() -> SiteReportUnits { SiteReportUnits(currency: "EUR") }

    static func health(total: Int = 1_000, lastEventAt: Date? = t0.addingTimeInterval(86400 * 6.9)) -> SiteReportHealth
    {
        SiteReportHealth(
            totalImpressions: total, botImpressions: total / 20, pinnedImpressions: total / 10, droppedEvents: 2,
            lastEventAt: lastEventAt)
    }

    /// Two variants over seven days, every section filled.
    static func full(
        ids: [String] = ["classic", "indoor-comfort"], site: String = "luna", placement: String = "tram-stop",
        country: String = "DE"
    ) -> SiteReport {
        let variants = ids.enumerated().map { i, id in
            SiteReportVariant(
                id: id, impressions: 400 + 100 * i, conversions: 12 + 8 * i, chanceToBeBest: i == 0 ? 0.08 : 0.92,
                rateInterval: [0.02 + 0.01 * Double(i), 0.045 + 0.01 * Double(i)], revenue: 300 + 50 * Double(i),
                revenuePerVisitInterval: [0.5, 0.9], botImpressions: 7, pinnedImpressions: 3,
                upliftOverFirst: i == 0 ? nil : SiteReportUplift(value: 0.33, lower: 0.05, upper: 0.7))
        }
        let timeline = (0..<7).map { d in
            SiteReportTimelineBucket(
                start: t0.addingTimeInterval(86400 * Double(d)), granularity: .day,
                variants: ids.enumerated().map { i, id in
                    .init(
                        id: id, impressions: 60 + 10 * i, conversions: 2 + i, cumulativeRate: 0.03 + 0.01 * Double(i),
                        cumulativeRateInterval: [0.02, 0.05 + 0.01 * Double(i)], chanceToBeBest: i == 0 ? 0.1 : 0.9)
                }, scans: 150 + d * 3)
        }
        let policy: [SiteReportPolicyValue] =
            [SiteReportPolicyValue.Policy.logged, .uniform].flatMap { p in
                SiteReportPolicyValue.Estimator.allCases.map { e in
                    SiteReportPolicyValue(
                        policy: p, estimator: e, metric: .conversionRate, value: 0.041, lower: 0.038, upper: 0.044,
                        effectiveSampleSize: 880, maxWeight: 2.5)
                }
            }
            + ids.map {
                SiteReportPolicyValue(
                    policy: .variant($0), estimator: .dr, metric: .conversionRate, value: 0.032, lower: 0.027,
                    upper: 0.037)
            }
        let verdict = SiteReportVerdict(
            kind: .winning, leader: ids.last, leaderChanceToBeBest: 0.92, runnerUp: ids.count > 1 ? ids[0] : nil,
            first: ids.first, upliftOverRunnerUp: .init(value: 0.33, lower: 0.05, upper: 0.7),
            upliftOverFirst: .init(value: 0.33, lower: 0.05, upper: 0.7), conversions: 52, revenue: 650, units: units())
        return SiteReport(
            site: site, generatedAt: t0.addingTimeInterval(86400 * 7), from: t0, to: t0.addingTimeInterval(86400 * 7),
            verdict: verdict, variants: variants, policyValue: policy,
            srm: SiteReportSRM(
                pValue: 0.31, flagged: false, chiSquare: 1.03, degreesOfFreedom: ids.count - 1,
                variants: ids.map { .init(id: $0, observed: 400, expected: 402.5) }),
            timelineGranularity: .day, timeline: timeline,
            segments: [
                SiteReportSegment(
                    dimension: .device, value: "mobile", leader: ids.last, leaderRate: 0.05, chanceToBeBest: 0.9,
                    differsFromOverall: false,
                    variants: ids.map { .init(id: $0, impressions: 200, conversions: 8) }),
                SiteReportSegment(
                    dimension: .country, value: country, leader: ids.first, leaderRate: 0.06, chanceToBeBest: 0.7,
                    differsFromOverall: true,
                    variants: ids.map { .init(id: $0, impressions: 100, conversions: 5) }),
            ],
            placements: [
                SiteReportPlacement(id: placement, pinned: false, scans: 700, uniqueVisitors: 540, conversions: 30),
                SiteReportPlacement(
                    id: "flyer", pinned: true, pinnedVariant: ids.first, scans: 90, uniqueVisitors: 80, conversions: 2),
            ],
            health: health(), units: units(),
            forecast: SiteReportForecast(
                metric: "scans",
                points: (1...3).map {
                    .init(
                        start: t0.addingTimeInterval(86400 * Double(6 + $0)), granularity: .day, value: 160,
                        lower80: 140, upper80: 180, lower95: 130, upper95: 190)
                }),
            anomalies: [
                SiteReportAnomaly(
                    start: t0.addingTimeInterval(86400 * 2), end: t0.addingTimeInterval(86400 * 4), kind: "scans-drop",
                    expected: 150, actual: 20, text: "tram-stop stopped scanning", subject: placement)
            ])
    }

    /// No impressions at all: a site whose codes have not been scanned yet.
    static func empty() -> SiteReport {
        SiteReport(
            site: "brand-new", generatedAt: t0, from: t0, to: t0.addingTimeInterval(86400),
            verdict: SiteReportVerdict(kind: .tooLittleData),
            variants: [
                SiteReportVariant(id: "a", impressions: 0, conversions: 0),
                SiteReportVariant(id: "b", impressions: 0, conversions: 0),
            ],
            health: SiteReportHealth(
                totalImpressions: 0, botImpressions: 0, pinnedImpressions: 0, droppedEvents: 0, lastEventAt: nil),
            units: SiteReportUnits(currency: nil, revenueLabel: "points"))
    }

    /// Nothing at all: not even variants.
    static func bare() -> SiteReport {
        SiteReport(
            site: "x", generatedAt: t0, from: t0, to: t0, verdict: SiteReportVerdict(kind: .tooLittleData),
            variants: [],
            health: SiteReportHealth(
                totalImpressions: 0, botImpressions: 0, pinnedImpressions: 0, droppedEvents: 0, lastEventAt: nil),
            units: units())
    }

    static func oneVariant() -> SiteReport {
        var r = full(ids: ["only"])
        r.verdict = SiteReportVerdict(
            kind: .tooLittleData, leader: "only", leaderChanceToBeBest: 1, first: "only", conversions: 12)
        return r
    }

    static func noConversions() -> SiteReport {
        var r = full()
        for i in r.variants.indices {
            r.variants[i] = SiteReportVariant(
                id: r.variants[i].id, impressions: 300, conversions: 0, chanceToBeBest: 0.5, rateInterval: [0, 0.012])
        }
        for b in r.timeline.indices {
            for v in r.timeline[b].variants.indices {
                r.timeline[b].variants[v].conversions = 0
                r.timeline[b].variants[v].cumulativeRate = 0
            }
        }
        r.verdict = SiteReportVerdict(
            kind: .tooLittleData, leader: "classic", leaderChanceToBeBest: 0.5, runnerUp: "indoor-comfort",
            first: "classic", conversions: 0)
        r.policyValue = []
        return r
    }

    /// Hourly buckets, hundreds of them.
    static func manyBuckets(_ n: Int = 600) -> SiteReport {
        var r = full()
        r.timelineGranularity = .hour
        r.timeline = (0..<n).map { h in
            SiteReportTimelineBucket(
                start: t0.addingTimeInterval(3600 * Double(h)), granularity: .hour,
                variants: [
                    .init(
                        id: "classic", impressions: 5 + h % 7, conversions: h % 3 == 0 ? 1 : 0, cumulativeRate: 0.03,
                        cumulativeRateInterval: [0.01, 0.05], chanceToBeBest: 0.3),
                    .init(
                        id: "indoor-comfort", impressions: 6 + h % 5, conversions: h % 2, cumulativeRate: 0.04,
                        cumulativeRateInterval: [0.02, 0.06], chanceToBeBest: 0.7),
                ], scans: 10 + h % 13)
        }
        return r
    }

    /// Every Double in every part of the model is NaN or ±infinity.
    static func nonFinite() -> SiteReport {
        let nan = Double.nan, inf = Double.infinity
        let u = SiteReportUplift(value: nan, lower: -inf, upper: inf)
        var r = full()
        r.variants = ["a", "b"].map {
            SiteReportVariant(
                id: $0, impressions: 10, conversions: 1, conversionRate: nan, chanceToBeBest: inf,
                rateInterval: [nan, inf],
                posteriorMean: -inf, revenue: nan, revenuePerVisit: inf, revenuePerVisitInterval: [-inf, nan],
                chanceToBeBestRevenuePerVisit: nan, upliftOverRunnerUp: u, upliftOverFirst: u)
        }
        r.verdict = SiteReportVerdict(
            kind: .keepExploring, leader: "b", leaderChanceToBeBest: nan, runnerUp: "a", first: "a",
            upliftOverRunnerUp: u, upliftOverFirst: u, conversions: 2, revenue: inf, units: units())
        r.policyValue =
            [SiteReportPolicyValue.Policy.logged, .uniform, .variant("a")].flatMap { p in
                SiteReportPolicyValue.Metric.allCases.map {
                    SiteReportPolicyValue(
                        policy: p, estimator: .ips, metric: $0, value: nan, lower: -inf, upper: inf,
                        effectiveSampleSize: nan, maxWeight: inf)
                }
            } + [
                SiteReportPolicyValue(
                    policy: .logged, estimator: .dr, metric: .conversionRate, value: 0.04, lower: -inf, upper: nan)
            ]
        r.srm = SiteReportSRM(
            pValue: nan, flagged: true, chiSquare: inf, degreesOfFreedom: 1, threshold: 0.001,
            variants: [.init(id: "a", observed: 3, expected: nan), .init(id: "b", observed: 3, expected: 0)],
            cells: [.init(cell: "c", pValue: -inf, chiSquare: nan, degreesOfFreedom: 1, flagged: true)])
        for b in r.timeline.indices {
            for v in r.timeline[b].variants.indices {
                r.timeline[b].variants[v].cumulativeRate = b % 2 == 0 ? nan : inf
                r.timeline[b].variants[v].cumulativeRateInterval = [-inf, nan]
                r.timeline[b].variants[v].chanceToBeBest = nan
            }
        }
        r.segments = [
            SiteReportSegment(
                dimension: .device, value: "mobile", leader: "a", leaderRate: nan, chanceToBeBest: inf,
                differsFromOverall: true,
                variants: [.init(id: "a", impressions: 1, conversions: 0, conversionRate: nan, chanceToBeBest: inf)])
        ]
        r.placements = [
            SiteReportPlacement(
                id: "p", pinned: false, scans: 0, uniqueVisitors: 0, conversions: 0, conversionRate: nan,
                rateInterval: [nan, inf])
        ]
        r.health.botShare = nan
        r.health.pinnedShare = inf
        r.health.secondsSinceLastEvent = -inf
        r.health.srmPValue = nan
        r.forecast = SiteReportForecast(
            metric: "scans",
            points: [
                .init(
                    start: t0.addingTimeInterval(86400 * 8), granularity: .day, value: nan, lower80: -inf, upper80: inf,
                    lower95: nan, upper95: inf),
                .init(
                    start: t0.addingTimeInterval(86400 * 9), granularity: .day, value: inf, lower80: nan, upper80: nan,
                    lower95: -inf, upper95: nan),
            ])
        r.anomalies = [
            SiteReportAnomaly(
                start: t0, end: t0.addingTimeInterval(86400), kind: "k", expected: nan, actual: inf, text: "t")
        ]
        return r
    }

    /// Hostile strings everywhere a user can put one.
    static let script = "<script>alert('x')</script>"
    static func hostile() -> SiteReport {
        var r = full(
            ids: [script, "a\"b&c,d\ne", String(repeating: "very-long-id-", count: 20)], site: script,
            placement: "<img src=x onerror=alert(1)>", country: "</td><script>")
        r.units = SiteReportUnits(currency: nil, revenueLabel: "<i>pts</i>")
        r.anomalies = [
            SiteReportAnomaly(
                start: t0, end: t0.addingTimeInterval(86400), kind: "<b>k</b>", expected: 1, actual: 2, text: script,
                subject: script)
        ]
        r.forecast?.metric = "<b>metric</b>"
        // Tiny p-values and near-certain chances format as "< 0.0001" and ">99.9%": must be escaped too.
        r.srm = SiteReportSRM(
            pValue: 1e-9, flagged: true, chiSquare: 40, degreesOfFreedom: 2,
            variants: r.variants.map {
                .init(id: $0.id, observed: $0.impressions, expected: Double($0.impressions) * 1.1)
            },
            cells: [.init(cell: script, pValue: 1e-7, chiSquare: 20, degreesOfFreedom: 2, flagged: true)])
        r.variants[0].chanceToBeBest = 0.99995
        r.variants[1].chanceToBeBest = 0.00001
        r.verdict.leaderChanceToBeBest = 0.99995
        r.policyValue.append(
            SiteReportPolicyValue(
                policy: .logged, estimator: .dr, metric: .revenuePerVisit, value: 1, lower: 0.9, upper: 1.1))
        return r
    }
}

final class ReportFixturesTests: XCTestCase {
    func testFixturesAreConsistent() {
        XCTAssertEqual(ReportFixtures.full().totalImpressions, 900)
        XCTAssertTrue(ReportFixtures.empty().isEmpty)
        XCTAssertFalse(ReportFixtures.full().isEmpty)
        XCTAssertEqual(ReportFixtures.full().health.srmPValue, 0.31)
        XCTAssertEqual(ReportFixtures.full().health.secondsSinceLastEvent ?? 0, 0.1 * 86400, accuracy: 1)
    }
}
