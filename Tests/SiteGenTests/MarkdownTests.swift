import Foundation
import XCTest

@testable import SiteGen

final class MarkdownTests: XCTestCase {
    func testALinkTitledGoalReportsThatGoal() {
        let html = renderMarkdown(
            #"[Book](https://book.example.com "goal:book"), [Order](/x/ "goal:order=25"), [T](/y "a title"), [Bad](/z "goal:Bad!")"#
        )
        XCTAssertEqual(
            html,
            #"<p><a href="https://book.example.com" data-goal="book">Book</a>, "#
                + #"<a href="/x/" data-goal="order" data-value="25">Order</a>, <a href="/y" title="a title">T</a>, "#
                + #"<a href="/z" title="goal:Bad!">Bad</a></p>"# + "\n")
    }

    func testRawHTMLIsOmittedByDefault() {
        let html = renderMarkdown("<script>alert(1)</script>\n\nHi <b>there</b>\n")
        XCTAssertEqual(
            html, "<!-- raw HTML omitted -->\n<p>Hi <!-- raw HTML omitted -->there<!-- raw HTML omitted --></p>\n")
    }

    func testRawHTMLIsKeptWhenUnsafe() {
        let html = renderMarkdown("Hi <b>there</b>\n", options: MarkdownOptions(unsafe: true))
        XCTAssertEqual(html, "<p>Hi <b>there</b></p>\n")
    }

    func testDangerousLinksAreDroppedByDefault() {
        XCTAssertEqual(renderMarkdown("[x](javascript:alert(1))\n"), "<p><a href=\"\">x</a></p>\n")
    }

    func testSmartPunctuation() {
        let text = "\"Wood-fired\" pizza -- since 1990... it's 'ours'\n"
        XCTAssertEqual(
            renderMarkdown(text, options: MarkdownOptions(smart: true)),
            "<p>\u{201C}Wood-fired\u{201D} pizza \u{2013} since 1990\u{2026} it\u{2019}s \u{2018}ours\u{2019}</p>\n")
        XCTAssertEqual(
            renderMarkdown(text),
            "<p>&quot;Wood-fired&quot; pizza -- since 1990... it's 'ours'</p>\n")
    }

    func testNonASCIIAndEmptyInput() {
        XCTAssertEqual(renderMarkdown(""), "")
        XCTAssertEqual(renderMarkdown("# Caffè ☕\n"), "<h1>Caffè ☕</h1>\n")
    }

    /// Pages render in parallel during a build; libcmark keeps no shared state between calls.
    func testConcurrentRenderingMatchesSequential() {
        let pages = (0..<64).map { "# Page \($0)\n\n*Dish* \($0) -- \"fresh\"\n\n- [a](/x/\($0))\n" }
        let options = MarkdownOptions(unsafe: false, smart: true)
        let sequential = pages.map { renderMarkdown($0, options: options) }
        let results = ConcurrentResults<String>(count: pages.count)
        DispatchQueue.concurrentPerform(iterations: pages.count) { index in
            results.set(index, renderMarkdown(pages[index], options: options))
        }
        XCTAssertEqual(results.values, sequential.map { Optional($0) })
    }
}
