import Foundation
import XCTest

@testable import Insight

final class ReportJSONTests: XCTestCase {
    func object(_ report: SiteReport) throws -> [String: Any] {
        let data = try SiteReportJSON.encode(report)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testContractKeyNames() throws {
        let json = try object(ReportFixtures.full())
        for key in [
            "site", "generatedAt", "from", "to", "verdict", "variants", "policyValue", "srm", "timeline", "segments",
            "placements", "health", "units", "forecast", "anomalies",
        ] {
            XCTAssertNotNil(json[key], "missing top-level \(key)")
        }
        let verdict = try XCTUnwrap(json["verdict"] as? [String: Any])
        XCTAssertEqual(verdict["kind"] as? String, "winning")
        XCTAssertEqual(verdict["leader"] as? String, "indoor-comfort")
        XCTAssertNotNil(verdict["text"] as? String)

        let variant = try XCTUnwrap((json["variants"] as? [[String: Any]])?.last)
        for key in [
            "id", "impressions", "conversions", "conversionRate", "chanceToBeBest", "rateInterval", "revenue",
            "revenuePerVisit",
            "revenuePerVisitInterval", "botImpressions", "pinnedImpressions", "upliftOverFirst",
        ] {
            XCTAssertNotNil(variant[key], "variant lacks \(key)")
        }
        XCTAssertEqual(variant["rateInterval"] as? [Double], [0.03, 0.055])
        XCTAssertEqual(try XCTUnwrap(variant["conversionRate"] as? Double), 20.0 / 500, accuracy: 1e-12)
        let uplift = try XCTUnwrap(variant["upliftOverFirst"] as? [String: Any])
        XCTAssertEqual(Set(uplift.keys), ["value", "lower", "upper"])

        let policy = try XCTUnwrap(json["policyValue"] as? [[String: Any]])
        XCTAssertEqual(
            Set(policy.compactMap { $0["policy"] as? String }),
            ["logged", "uniform", "variant:classic", "variant:indoor-comfort"])
        XCTAssertEqual(Set(policy.compactMap { $0["estimator"] as? String }), ["ips", "snips", "dr"])
        XCTAssertEqual(Set(policy.compactMap { $0["metric"] as? String }), ["conversionRate"])
        for key in ["policy", "estimator", "metric", "value", "lower", "upper", "effectiveSampleSize", "maxWeight"] {
            XCTAssertNotNil(policy.first?[key], "policyValue lacks \(key)")
        }

        let srm = try XCTUnwrap(json["srm"] as? [String: Any])
        for key in ["pValue", "flagged", "chiSquare", "degreesOfFreedom"] {
            XCTAssertNotNil(srm[key], "srm lacks \(key)")
        }

        let bucket = try XCTUnwrap((json["timeline"] as? [[String: Any]])?.first)
        XCTAssertEqual(bucket["bucket"] as? String, "2026-11-01")
        XCTAssertEqual(bucket["scans"] as? Int, 150)
        let bv = try XCTUnwrap((bucket["variants"] as? [[String: Any]])?.first)
        for key in ["id", "impressions", "conversions", "cumulativeRate", "cumulativeRateInterval", "chanceToBeBest"] {
            XCTAssertNotNil(bv[key], "timeline variant lacks \(key)")
        }

        let segment = try XCTUnwrap((json["segments"] as? [[String: Any]])?.last)
        XCTAssertEqual(segment["dimension"] as? String, "country")
        XCTAssertEqual(segment["differsFromOverall"] as? Bool, true)
        for key in ["value", "leader", "leaderRate", "chanceToBeBest", "variants"] {
            XCTAssertNotNil(segment[key], "segment lacks \(key)")
        }

        let placement = try XCTUnwrap((json["placements"] as? [[String: Any]])?.first)
        for key in ["id", "pinned", "scans", "uniqueVisitors", "conversions", "conversionRate"] {
            XCTAssertNotNil(placement[key], "placement lacks \(key)")
        }

        let health = try XCTUnwrap(json["health"] as? [String: Any])
        for key in ["botShare", "pinnedShare", "droppedEvents", "lastEventAt", "srmPValue", "srmFlagged"] {
            XCTAssertNotNil(health[key], "health lacks \(key)")
        }

        let units = try XCTUnwrap(json["units"] as? [String: Any])
        XCTAssertEqual(units["currency"] as? String, "EUR")
        XCTAssertEqual(units["rate"] as? String, "share of impressions that converted")

        let point = try XCTUnwrap(((json["forecast"] as? [String: Any])?["points"] as? [[String: Any]])?.first)
        for key in ["value", "lower80", "upper80", "lower95", "upper95"] {
            XCTAssertNotNil(point[key], "forecast point lacks \(key)")
        }
        let anomaly = try XCTUnwrap((json["anomalies"] as? [[String: Any]])?.first)
        for key in ["start", "end", "kind", "expected", "actual", "text"] {
            XCTAssertNotNil(anomaly[key], "anomaly lacks \(key)")
        }
    }

    func testVerdictKindsAreSpelledAsAgreed() throws {
        let kinds = SiteReportVerdict.Kind.allCases.map(\.rawValue)
        XCTAssertEqual(kinds, ["keep-exploring", "winning", "no-real-difference", "too-little-data"])
    }

    func testDatesAreISOAndKeysSorted() throws {
        let text = try SiteReportJSON.render(ReportFixtures.full())
        XCTAssertTrue(text.contains("\"from\" : \"2026-11-01T00:00:00Z\""))
        let top = ["anomalies", "forecast", "from", "generatedAt", "health"].compactMap {
            text.range(of: "\n  \"\($0)\"")?.lowerBound
        }
        XCTAssertEqual(top.count, 5)
        XCTAssertEqual(top, top.sorted())
    }

    func testNonFiniteBecomesNull() throws {
        for report in [ReportFixtures.nonFinite(), ReportFixtures.empty(), ReportFixtures.bare()] {
            let text = try SiteReportJSON.render(report)
            for bad in ["NaN", "nan", "Infinity", "inf", "\\u0001"] {
                XCTAssertFalse(text.contains(bad), "\(bad) in JSON")
            }
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(text.utf8)))
        }
        let json = try object(ReportFixtures.nonFinite())
        let variant = try XCTUnwrap((json["variants"] as? [[String: Any]])?.first)
        XCTAssertTrue(variant["conversionRate"] is NSNull)
        XCTAssertEqual((variant["rateInterval"] as? [Any])?.count, 2)
    }

    func testEmptyReportOmitsWhatCannotBeComputed() throws {
        let json = try object(ReportFixtures.empty())
        let variant = try XCTUnwrap((json["variants"] as? [[String: Any]])?.first)
        XCTAssertNil(variant["conversionRate"], "no rate without impressions")
        XCTAssertEqual(variant["impressions"] as? Int, 0)
        XCTAssertNil(json["srm"])
        XCTAssertEqual((json["policyValue"] as? [Any])?.count, 0)
    }

    func testRoundTrip() throws {
        let report = ReportFixtures.full()
        let decoded = try SiteReportJSON.decode(SiteReportJSON.encode(report))
        XCTAssertEqual(decoded, report)
    }
}
