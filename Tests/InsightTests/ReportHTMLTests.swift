import Foundation
import XCTest

@testable import Insight

#if canImport(FoundationXML)
    import FoundationXML
#endif

final class ReportHTMLTests: XCTestCase {
    static let voidElements: Set<String> = ["meta", "br", "col", "img", "input", "link", "hr", "wbr", "source"]

    /// Checks that every non-void element is closed in order; returns the first problem.
    static func balanceProblem(_ html: String) -> String? {
        let pattern = try? NSRegularExpression(pattern: "<(/?)([a-zA-Z][a-zA-Z0-9]*)\\b[^>]*?(/?)>")
        let ns = html as NSString
        var stack: [String] = []
        for m in pattern?.matches(in: html, range: NSRange(location: 0, length: ns.length)) ?? [] {
            let closing = ns.substring(with: m.range(at: 1)) == "/"
            let name = ns.substring(with: m.range(at: 2)).lowercased()
            let selfClosing = ns.substring(with: m.range(at: 3)) == "/"
            if voidElements.contains(name) || selfClosing { continue }
            if closing {
                guard stack.last == name else { return "</\(name)> closes <\(stack.last ?? "nothing")>" }
                stack.removeLast()
            } else {
                stack.append(name)
            }
        }
        return stack.isEmpty ? nil : "unclosed: \(stack)"
    }

    #if canImport(FoundationXML) || os(macOS)
        /// corelibs' `parse()` can answer true after a recoverable error; `parserError` tells.
        static func isXML(_ text: String) -> Bool {
            let parser = XMLParser(data: Data(text.utf8))
            return parser.parse() && parser.parserError == nil
        }
    #endif

    static func svgs(_ html: String) -> [String] {
        var out: [String] = []
        var rest = html[...]
        while let a = rest.range(of: "<svg"), let b = rest.range(of: "</svg>", range: a.upperBound..<rest.endIndex) {
            out.append(String(rest[a.lowerBound..<b.upperBound]))
            rest = rest[b.upperBound...]
        }
        return out
    }

    /// Text left once the stylesheet and every tag are removed; a "<" or ">" in it was not escaped.
    static func strayBrackets(_ html: String) -> String? {
        var text = html
        if let a = text.range(of: "<style>"), let b = text.range(of: "</style>") {
            text.removeSubrange(a.lowerBound..<b.upperBound)
        }
        text = text.replacingOccurrences(of: "<[a-zA-Z/!][^<>]*>", with: "", options: .regularExpression)
        guard let i = text.firstIndex(where: { $0 == "<" || $0 == ">" }) else { return nil }
        let from = text.index(i, offsetBy: -40, limitedBy: text.startIndex) ?? text.startIndex
        return String(text[from...].prefix(80))
    }

    func assertWellFormed(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"), file: file, line: line)
        XCTAssertNil(Self.strayBrackets(html), "unescaped < or > in text", file: file, line: line)
        XCTAssertNil(Self.balanceProblem(html), file: file, line: line)
        XCTAssertEqual(
            html.components(separatedBy: "<svg").count, html.components(separatedBy: "</svg>").count,
            "every <svg> closed", file: file, line: line)
        #if canImport(FoundationXML) || os(macOS)
            // Each SVG must be real XML: it is what a strict viewer or an export tool parses.
            for svg in Self.svgs(html) {
                XCTAssertTrue(Self.isXML(svg), "SVG is not XML: \(svg.prefix(300))", file: file, line: line)
            }
        #endif
    }

    func testCheckersCatchBrokenMarkup() {
        XCTAssertNotNil(Self.balanceProblem("<div><svg></div>"))
        XCTAssertNil(Self.balanceProblem("<div><br><svg><line/></svg></div>"))
        XCTAssertNotNil(Self.strayBrackets("<p>p = < 0.001</p>"))
        XCTAssertNil(Self.strayBrackets("<p title=\"a\">p = &lt; 0.001</p>"))
        #if canImport(FoundationXML) || os(macOS)
            XCTAssertFalse(Self.isXML("<svg><g></svg>"))
            XCTAssertTrue(Self.isXML("<svg><g/></svg>"))
        #else
            XCTFail("no XML parser: the SVG check above did not run")
        #endif
    }

    func testFullReportHasEverySectionInOrder() throws {
        let html = SiteReportHTML.render(ReportFixtures.full())
        assertWellFormed(html)
        let ids = [
            "id=\"verdict\"", "id=\"leaderboard\"", "id=\"over-time\"", "id=\"segments\"", "id=\"placements\"",
            "id=\"health\"", "id=\"policy-value\"",
        ]
        let positions = try ids.map { try XCTUnwrap(html.range(of: $0)?.lowerBound, "missing \($0)") }
        XCTAssertEqual(positions, positions.sorted(), "sections in the brief's order")
        XCTAssertTrue(html.contains("indoor-comfort is winning"))
        XCTAssertTrue(html.contains(ReportFormat.html(ReportFixtures.full().verdict.text)))
        XCTAssertTrue(html.contains("@page{size:A4"))
        XCTAssertTrue(html.contains("@media print"))
    }

    func testChartsCarryData() {
        let html = SiteReportHTML.render(ReportFixtures.full())
        let svgs = Self.svgs(html)
        // Leaderboard axis + 2 bars + 2 chance bars + 4 time charts + 2 placement bars + 1 forest.
        XCTAssertGreaterThanOrEqual(svgs.count, 10)
        for svg in svgs {
            XCTAssertTrue(svg.contains("<title>"), "accessible name")
        }
        let charts = svgs.filter { $0.contains("class=\"chart\"") }
        XCTAssertEqual(charts.count, 5, "traffic share, cumulative rate, chance to be best, scans, policy value")
        let dataPath = try? NSRegularExpression(pattern: "<path [^>]*d=\"M[0-9.]+ [0-9.]+[LHVZ]")
        let dataRect = try? NSRegularExpression(pattern: "<rect [^>]*width=\"[1-9][0-9.]*\"")
        for chart in charts {
            let range = NSRange(location: 0, length: (chart as NSString).length)
            let drawn =
                (dataPath?.numberOfMatches(in: chart, range: range) ?? 0)
                + (dataRect?.numberOfMatches(in: chart, range: range) ?? 0)
            XCTAssertGreaterThan(drawn, 0, "chart without data: \(chart.prefix(200))")
        }
        XCTAssertTrue(html.contains("class=\"legend\""))
        XCTAssertTrue(html.contains("class=\"anomaly\""), "anomaly marker drawn")
        XCTAssertTrue(html.contains("class=\"fc95\""), "forecast band drawn")
        XCTAssertTrue(html.contains("class=\"band\""), "interval bands drawn")
    }

    func testSelfContained() {
        let html = SiteReportHTML.render(ReportFixtures.full())
        XCTAssertFalse(html.lowercased().contains("<script"))
        XCTAssertFalse(html.contains("src="))
        XCTAssertFalse(html.contains("<link"))
        XCTAssertFalse(html.contains("url("))
        let urls = html.components(separatedBy: "http:").count + html.components(separatedBy: "https:").count - 2
        let xmlns = html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1
        XCTAssertEqual(urls, xmlns, "the only URLs are SVG namespaces")
    }

    func testEscapesUserStrings() {
        let html = SiteReportHTML.render(ReportFixtures.hostile())
        assertWellFormed(html)
        XCTAssertFalse(html.lowercased().contains("<script"))
        XCTAssertFalse(html.contains("<img"))
        XCTAssertFalse(html.contains("</td><script>"))
        XCTAssertFalse(html.contains("<i>pts"), "revenue label escaped")
        XCTAssertFalse(html.contains("<b>"), "forecast metric and anomaly kind escaped")
        XCTAssertTrue(html.contains("&lt;i&gt;pts&lt;/i&gt;"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        XCTAssertTrue(html.contains("a&quot;b&amp;c,d"))
        // A 260-character id is shortened on the page but kept whole on hover.
        let long = String(repeating: "very-long-id-", count: 20)
        XCTAssertTrue(html.contains("title=\"\(long)\""))
        XCTAssertTrue(html.contains("…"))
    }

    func testEmptyReportIsHonest() {
        for report in [ReportFixtures.empty(), ReportFixtures.bare()] {
            let html = SiteReportHTML.render(report)
            assertWellFormed(html)
            XCTAssertTrue(html.contains("No data yet"))
            XCTAssertTrue(html.contains("id=\"verdict\""))
            XCTAssertFalse(html.contains("class=\"chart\""), "no empty charts")
            XCTAssertFalse(html.contains("NaN"))
        }
    }

    func testOneVariantNoConversionsAndManyBuckets() {
        let one = SiteReportHTML.render(ReportFixtures.oneVariant())
        assertWellFormed(one)
        XCTAssertFalse(one.contains("Chance to be best per variant over time"), "no race with one runner")
        XCTAssertFalse(one.contains("Traffic share per variant over time"), "no 100% block")
        XCTAssertTrue(one.contains("only one variant"))
        let none = SiteReportHTML.render(ReportFixtures.noConversions())
        assertWellFormed(none)
        XCTAssertTrue(none.contains("0.0%"))
        let many = SiteReportHTML.render(ReportFixtures.manyBuckets(600))
        assertWellFormed(many)
        XCTAssertLessThan(many.utf8.count, 600_000, "hundreds of buckets stay a reasonable page")
        // Axis labels are thinned out, not one per bucket.
        let labels = many.components(separatedBy: "text-anchor=\"middle\" class=\"ax\"").count - 1
        XCTAssertLessThan(labels, 80)
    }

    func testNoNonFiniteNumbersOnThePage() {
        for report in [
            ReportFixtures.nonFinite(), ReportFixtures.empty(), ReportFixtures.bare(), ReportFixtures.noConversions(),
            ReportFixtures.oneVariant(),
        ] {
            let html = SiteReportHTML.render(report)
            assertWellFormed(html)
            for bad in ["NaN", "nan", "Infinity", "inf\"", "inf ", "-inf"] {
                XCTAssertFalse(html.contains(bad), "\(bad) in page of \(report.site)")
            }
        }
    }

    func testVerdictWording() {
        let r = ReportFixtures.full()
        XCTAssertTrue(r.verdict.text.contains("92.0% chance to be the best"))
        XCTAssertTrue(
            r.verdict.text.contains("+33.0% over the runner-up classic (95% credible interval +5.0% to +70.0%)"))
        XCTAssertTrue(r.verdict.text.contains("52 conversions and €650.00 revenue"))
        let sentence = SiteReportWording.policySentence(r) ?? ""
        XCTAssertTrue(sentence.hasPrefix("Showing the policy's choices earned 4.10% ± 0.3"), sentence)
        XCTAssertTrue(sentence.contains("showing indoor-comfort to everyone would have earned 3.20% ± 0.5"), sentence)
    }
}
