import Foundation
import XCTest

@testable import Insight

final class ReportCSVTests: XCTestCase {
    /// A minimal RFC 4180 reader: enough to prove the writer's quoting round-trips.
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, afterQuote = false
        var it = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? it.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = it.next() {
                        if n == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            quoted = false; afterQuote = true; pending = n
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            case ",": row.append(field); field = ""; afterQuote = false
            case "\r": break
            case "\n": row.append(field); rows.append(row); row = []; field = ""; afterQuote = false
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    func testQuoting() {
        XCTAssertEqual(SiteReportCSV.field("plain"), "plain")
        XCTAssertEqual(SiteReportCSV.field("a,b"), "\"a,b\"")
        XCTAssertEqual(SiteReportCSV.field("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(SiteReportCSV.field("two\nlines"), "\"two\nlines\"")
        XCTAssertEqual(SiteReportCSV.field("cr\r"), "\"cr\r\"")
        XCTAssertEqual(SiteReportCSV.line(["a", "b,c"]), "a,\"b,c\"\r\n")
    }

    func testHostileIdsRoundTrip() {
        let report = ReportFixtures.hostile()
        let csv = SiteReportCSV.render(report)
        let rows = Self.parse(csv)
        let variantIds = rows.filter { $0.first == "variants" }.map { $0[1] }
        XCTAssertEqual(variantIds, report.variants.map(\.id))
        XCTAssertTrue(rows.contains { $0 == ["report", "site", ReportFixtures.script] })
    }

    func testSectionsAndLineEnds() {
        let csv = SiteReportCSV.render(ReportFixtures.full())
        XCTAssertTrue(csv.hasSuffix("\r\n"))
        XCTAssertFalse(
            csv.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF only (no field here holds a newline)")
        let rows = Self.parse(csv)
        let sections = rows.compactMap(\.first).filter { !$0.isEmpty && $0 != "section" }
        var order: [String] = []
        for s in sections where order.last != s { order.append(s) }
        XCTAssertEqual(
            order,
            [
                "report", "variants", "timeline", "segments", "placements", "health", "srm", "policyValue", "forecast",
                "anomalies",
            ])
        // Every data row has as many fields as its section's header.
        var width = 0
        for row in rows where row != [""] {
            if row.first == "section" { width = row.count; continue }
            XCTAssertEqual(row.count, width, "row \(row)")
        }
        let variant = rows.first { $0.first == "variants" && $0[1] == "indoor-comfort" } ?? []
        XCTAssertEqual(Array(variant.prefix(7)), ["variants", "indoor-comfort", "500", "20", "0.04", "0.03", "0.055"])
    }

    func testNoNonFiniteNumbers() {
        for report in [ReportFixtures.nonFinite(), ReportFixtures.empty(), ReportFixtures.bare()] {
            let csv = SiteReportCSV.render(report)
            for bad in ["NaN", "nan", "Infinity", "inf"] {
                XCTAssertFalse(csv.contains(bad), "\(bad) in CSV")
            }
        }
    }
}
