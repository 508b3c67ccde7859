import Foundation
import XCTest
@testable import SiteGen

final class MarkdownTests: XCTestCase {
    func testRawHTMLIsOmittedByDefault() {
        let html = renderMarkdown("<script>alert(1)</script>\n\nHi <b>there</b>\n")
        XCTAssertEqual(html, "<!-- raw HTML omitted -->\n<p>Hi <!-- raw HTML omitted -->there<!-- raw HTML omitted --></p>\n")
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
}
