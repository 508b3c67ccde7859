import Foundation
import XCTest

@testable import Insight

final class ReportFormatTests: XCTestCase {
    func testNumbers() {
        XCTAssertEqual(ReportFormat.percent(0.041), "4.10%")
        XCTAssertEqual(ReportFormat.percent(0.1234), "12.3%")
        XCTAssertEqual(ReportFormat.percent(0.0042), "0.420%")
        XCTAssertEqual(ReportFormat.percent(.nan), "–")
        XCTAssertEqual(ReportFormat.signedPercent(0.116), "+11.6%")
        XCTAssertEqual(ReportFormat.signedPercent(-0.008), "−0.8%")
        XCTAssertEqual(ReportFormat.integer(1_234_567), "1,234,567")
        XCTAssertEqual(ReportFormat.integer(-1_234), "−1,234")
        XCTAssertEqual(ReportFormat.money(47897.444, units: SiteReportUnits(currency: "EUR")), "€47,897.44")
        XCTAssertEqual(
            ReportFormat.money(12, units: SiteReportUnits(currency: nil, revenueLabel: "points")), "12.00 points")
        XCTAssertEqual(ReportFormat.money(.infinity, units: SiteReportUnits(currency: "EUR")), "–")
        XCTAssertEqual(ReportFormat.probability(0.9999), ">99.9%")
        XCTAssertEqual(ReportFormat.probability(0.0004), "<0.1%")
        XCTAssertEqual(ReportFormat.pValue(0.00001), "< 0.0001")
        XCTAssertEqual(ReportFormat.pValue(0.412), "0.412")
        XCTAssertEqual(ReportFormat.decimal(-0.0001, digits: 2), "0.00")
        XCTAssertEqual(ReportFormat.duration(seconds: 420), "7 min")
    }

    func testSVGHelpers() {
        XCTAssertEqual(ReportSVG.n(.nan), "0")
        XCTAssertEqual(ReportSVG.n(12.34), "12.3")
        XCTAssertEqual(ReportSVG.n(12), "12")
        XCTAssertEqual(ReportSVG.ticks(0, 1, count: 4), [0, 0.25, 0.5, 0.75, 1])
        XCTAssertEqual(ReportSVG.linePath([(0, 1), (1, nil), (2, 3), (3, 4)]), "M0 1M2 3L3 4")
        XCTAssertEqual(ReportSVG.niceMax(0.047), 0.05)
    }

    func testTextHelpers() {
        XCTAssertEqual(
            ReportFormat.html("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        XCTAssertEqual(ReportText.truncate("abcdefghij", 7), "abc…hij")
        XCTAssertEqual(ReportText.truncate("short", 7), "short")
        XCTAssertEqual(
            SiteReportTimelineBucket.label(ReportFixtures.t0.addingTimeInterval(3600 * 14), granularity: .hour),
            "2026-11-01T14:00Z")
        XCTAssertEqual(SiteReportPolicyValue.Policy(key: "variant:a:b"), .variant("a:b"))
        XCTAssertEqual(SiteReportPolicyValue.Policy.variant("x").key, "variant:x")
    }
}
