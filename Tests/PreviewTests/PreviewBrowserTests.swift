import Foundation
import TestKit
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// End to end: the built `sitegen preview` binary on a temp project, driven by headless Chromium.
/// Skipped only when Chromium is not installed (`make test` installs it).
final class PreviewBrowserTests: XCTestCase {
    func testAuthoringLoopInHeadlessChromium() async throws {
        guard let chromium = HeadlessChromium.find() else {
            try Prerequisite.missing("chromium is not installed: `make test` installs it")
        }
        let fixture = try PreviewFixture()
        defer { fixture.remove() }
        let shots = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-preview-screenshots")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)

        let preview = try SitegenProcess(
            ["preview", "--port", "0", "--as", "device=mobile,country=FR,hour=19"], in: fixture.root)
        defer { preview.stop() }
        let port = try await preview.port(after: "preview on http://127.0.0.1:")
        let browser = try HeadlessChromium(executable: chromium)
        try browser.attachToPage()
        // Forced at first: the policy may pick the redirect variant, which has no page text.
        try browser.navigate("http://127.0.0.1:\(port)/demo/?variant=calm")

        // 1. The page renders, with the preview bar listing every variant.
        XCTAssertTrue(
            browser.waitUntil(
                "document.querySelector('#content')?.textContent.includes('Fresh croissants from seven.') === true"),
            "page did not render")
        let bar = "document.getElementById('sitegen-preview')?.shadowRoot"
        XCTAssertTrue(
            browser.waitUntil("\(bar)?.querySelectorAll('select[name=variant] option').length === 4"), "no preview bar")
        XCTAssertTrue(
            browser.waitUntil("\(bar).querySelector('.odds').textContent.includes('%')"), "no policy odds in the bar")
        try browser.screenshot(to: shots.appendingPathComponent("1-page.png"))
        // The page's own sticky call to action stays above the bar, unfolded and folded.
        let ctaClear =
            "document.getElementById('cta').getBoundingClientRect().bottom <= \(bar).querySelector('.bar').getBoundingClientRect().top + 0.5"
        XCTAssertTrue(browser.waitUntil(ctaClear), "the preview bar covers the page's sticky call to action")
        _ = browser.evaluate("\(bar).querySelector('.fold').click()")
        XCTAssertTrue(
            browser.waitUntil("\(bar).querySelector('.bar').classList.contains('folded')"), "the bar does not fold")
        try browser.screenshot(to: shots.appendingPathComponent("1-folded.png"))
        XCTAssertTrue(browser.waitUntil(ctaClear), "folded, the bar covers the page's sticky call to action")
        _ = browser.evaluate("\(bar).querySelector('.fold').click()")

        // 2. The variant switcher changes the content.
        for (variant, headline) in [
            ("lively", "Live music every night"), ("calm", "Quiet mornings at the Demo Café"),
            ("lively", "Live music every night"),
        ] {
            _ = browser.evaluate(
                "(() => { const s = \(bar).querySelector('select[name=variant]'); s.value = '\(variant)'; s.dispatchEvent(new Event('change')); return true })()"
            )
            XCTAssertTrue(
                browser.waitUntil(
                    "document.querySelector('#headline')?.dataset.variant === '\(variant)' && document.querySelector('#headline').textContent === '\(headline)' && \(bar)?.querySelector('#served')?.textContent === '\(variant)'"
                ),
                "switching to \(variant) did not change the page")
        }
        try browser.screenshot(to: shots.appendingPathComponent("2-variant-lively.png"))

        // 3. Editing the Markdown reloads the page (a marker set on the old page is gone) with the new text.
        _ = browser.evaluate("window.sitegenTestMarker = 1")
        try fixture.write("sites/demo/index.md", "---\ntitle: Welcome\n---\nNow with **pain au chocolat**.\n")
        XCTAssertTrue(
            browser.waitUntil(
                "window.sitegenTestMarker === undefined && document.querySelector('#content')?.textContent.includes('Now with pain au chocolat.') === true"
            ),
            "the edit did not reload the page")
        XCTAssertEqual(
            browser.evaluate("document.querySelector('#headline').dataset.variant") as? String, "lively",
            "the forced variant survives the reload")

        // 4. A template error shows the overlay with file and line; fixing it clears it.
        try Data(PreviewFixture.template.replacingOccurrences(of: "{{headline}}", with: "{{#headline}}").utf8)
            .write(to: fixture.pageTemplate)
        XCTAssertTrue(
            browser.waitUntil(
                "document.getElementById('sitegen-overlay')?.textContent.includes('page.mustache:4:') === true"),
            "no overlay for the broken template")
        try browser.screenshot(to: shots.appendingPathComponent("3-overlay.png"))
        XCTAssertTrue(preview.output.contains("page.mustache:4:"), "the error is printed in the terminal too")
        try Data(PreviewFixture.template.utf8).write(to: fixture.pageTemplate)
        XCTAssertTrue(
            browser.waitUntil(
                "document.getElementById('sitegen-overlay') === null && document.querySelector('#content')?.textContent.includes('pain au chocolat') === true"
            ),
            "fixing the template did not clear the overlay")
        try browser.screenshot(to: shots.appendingPathComponent("4-fixed.png"))
        print("preview screenshots in \(shots.path)")
    }
}
