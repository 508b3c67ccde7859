import Foundation
import HummingbirdTesting
import Logging
import TestKit
import XCTest

@testable import Preview
@testable import Runtime

/// `sitegen preview` in process: a real server on a free port, the real watcher, real files.
final class PreviewTests: XCTestCase {
    private func withPreview(
        _ fixture: PreviewFixture, visitor: SimulatedVisitor = SimulatedVisitor(), learnedFrom: URL? = nil,
        _ body: (PreviewSession, Int) async throws -> Void
    ) async throws {
        var logger = Logger(label: "preview-tests")
        logger.logLevel = .warning
        let options = PreviewOptions(
            sites: fixture.sites, templates: fixture.templates, output: fixture.output, port: 0, visitor: visitor,
            learnedFrom: learnedFrom)
        let session = try PreviewSession(options: options, logger: logger, report: { _ in })
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task {
            try await session.run { port in continuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { return XCTFail("server did not start") }
        do {
            try await body(session, port)
        } catch {
            await session.stop()
            _ = await server.result
            throw error
        }
        await session.stop()
        try await server.value
    }

    private func get(_ port: Int, _ path: String, _ headers: [String: String] = [:]) throws -> LoopbackHTTP.Reply {
        try LoopbackHTTP.send(port: port, method: "GET", path: path, headers: headers)
    }

    func testPageIsServedWithThePreviewBarAndNothingIsRecorded() async throws {
        let fixture = try PreviewFixture()
        defer { fixture.remove() }
        try await withPreview(fixture) { session, port in
            XCTAssertNil(session.runtime?.store, "preview must not open an event store")
            for _ in 0..<5 {
                // The policy may pick the redirect variant, shown as a page of its own.
                let page = try get(port, "/demo/", ["User-Agent": UserAgents.iPhone])
                XCTAssertEqual(page.status, 200)
                XCTAssertTrue(
                    page.body.contains("Fresh croissants from seven.")
                        || page.body.contains("https://shop.example.com/demo"))
                XCTAssertTrue(page.body.contains(PreviewInjection.marker))
                XCTAssertTrue(page.body.contains("new EventSource(\"/_sitegen/events\")"))
                XCTAssertNil(page.headers["set-cookie"], "preview assigns no visitor cookie")
            }
            let conversion = try LoopbackHTTP.send(
                port: port, method: "POST", path: "/demo/_convert", headers: ["Content-Type": "application/json"],
                body: #"{"goal":"convert"}"#)
            // Acknowledged as the server would (so an author's buttons visibly work), recorded nowhere.
            XCTAssertEqual(conversion.status, 200, conversion.body)
            XCTAssertTrue(conversion.body.contains("\"ok\":true"), conversion.body)
            // The API needs no key in preview: there are no keys without a database.
            let models = try get(port, "/ml/models")
            XCTAssertEqual(models.status, 200, models.body)
            XCTAssertNil(models.headers["www-authenticate"])
        }
        XCTAssertEqual(fixture.files(endingWith: ".sqlite"), [], "no database anywhere in the project")
        XCTAssertEqual(fixture.files(endingWith: ".sqlite-wal"), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("data").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("dist").path))
    }

    func testBuiltFilesAndServeCarryNoPreviewScript() async throws {
        let fixture = try PreviewFixture()
        defer { fixture.remove() }
        try await withPreview(fixture) { _, port in
            XCTAssertTrue(try get(port, "/demo/about/").body.contains(PreviewInjection.marker))
        }
        let pages = fixture.files(endingWith: ".html").filter { !$0.hasSuffix(".gz") }
        XCTAssertFalse(pages.isEmpty)
        for page in pages {
            let text = try String(contentsOf: fixture.root.appendingPathComponent(page), encoding: .utf8)
            XCTAssertFalse(text.contains(PreviewInjection.marker), page)
            XCTAssertFalse(text.contains("EventSource"), page)
        }
        // `sitegen serve` over the very same build.
        let database = fixture.root.appendingPathComponent("serve.sqlite")
        var logger = Logger(label: "preview-tests")
        logger.logLevel = .warning
        let runtime = try SitegenRuntime(
            options: ServerOptions(
                dist: fixture.output, mode: .recording(database: database), port: 0, reloadOnHangup: false),
            logger: logger)
        try await SitegenServer.application(runtime: runtime).test(.router) { client in
            let page = try await client.get("/demo/?variant=calm")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("Quiet mornings"))
            XCTAssertFalse(page.text.contains(PreviewInjection.marker))
            XCTAssertFalse(page.text.contains("EventSource"))
            // Asked with a key: anonymous callers learn nothing about what is not there (401).
            let key = try APIKeyStore.create(database: database.path, name: nil, scopes: [.admin]).key.text
            runtime.reloadKeys()
            let events = try await client.get("/_sitegen/events", [("Authorization", "Bearer \(key)")])
            XCTAssertEqual(events.status, .notFound)
        }
    }

    func testEditingMarkdownPushesReloadAndServesTheNewText() async throws {
        let fixture = try PreviewFixture()
        defer { fixture.remove() }
        try await withPreview(fixture) { session, port in
            let stream = try EventStreamReader(port: port)
            let hello = try XCTUnwrap(stream.next("hello"))
            XCTAssertTrue(hello.contains("\"problems\":[]"), hello)
            let before = session.status.servedGeneration
            try fixture.write("sites/demo/index.md", "---\ntitle: Welcome\n---\nNow with pain au chocolat.\n")
            let reload = try XCTUnwrap(stream.next("reload"), "no reload event after the edit")
            // An editor's save may be seen half-written first: then two rebuilds, each a reload.
            XCTAssertTrue(
                reload.contains("\"build\":\(before + 1)") || reload.contains("\"build\":\(before + 2)"), reload)
            let page = try get(port, "/demo/?variant=calm")
            XCTAssertTrue(page.body.contains("Now with pain au chocolat."))
            XCTAssertFalse(page.body.contains("Fresh croissants"))
            XCTAssertTrue(
                page.body.contains("data-build=\"\(session.status.servedGeneration)\""),
                "served \(session.status.servedGeneration): \(page.body.suffix(3000).prefix(300))")
        }
    }

    func testTemplateErrorShowsTheOverlayUntilFixed() async throws {
        let fixture = try PreviewFixture()
        defer { fixture.remove() }
        try await withPreview(fixture) { _, port in
            let stream = try EventStreamReader(port: port)
            XCTAssertNotNil(stream.next("hello"))
            try Data(PreviewFixture.template.replacingOccurrences(of: "{{headline}}", with: "{{#headline}}").utf8)
                .write(to: fixture.pageTemplate, options: .atomic)
            let error = try XCTUnwrap(stream.next("build-error"), "no build-error event")
            XCTAssertTrue(error.contains("page.mustache"), error)
            XCTAssertTrue(error.contains("\"line\":4"), error)

            let broken = try get(port, "/demo/?variant=calm")
            XCTAssertEqual(broken.status, 500)
            XCTAssertTrue(broken.body.contains("id=\"sitegen-overlay\""))
            XCTAssertTrue(broken.body.contains("page.mustache:4:"), broken.body)
            XCTAssertTrue(broken.body.contains("EventSource"), "the overlay page must reload itself once fixed")
            XCTAssertTrue(try get(port, "/_sitegen/preview/status").body.contains("page.mustache"))

            try Data(PreviewFixture.template.utf8).write(to: fixture.pageTemplate, options: .atomic)
            XCTAssertNotNil(stream.next("reload"), "no reload after the fix")
            let fixed = try get(port, "/demo/?variant=lively")
            XCTAssertEqual(fixed.status, 200)
            XCTAssertFalse(fixed.body.contains("sitegen-overlay\" style"))
            XCTAssertTrue(fixed.body.contains("Fresh croissants"))
            XCTAssertTrue(try get(port, "/_sitegen/preview/status").body.contains("\"problems\":[]"))
        }
    }

    func testBrokenFirstBuildServesTheOverlayUntilFixed() async throws {
        let fixture = try PreviewFixture()
        defer { fixture.remove() }
        try fixture.write(
            "sites/demo/site.yml",
            PreviewFixture.siteYAML.replacingOccurrences(of: "template: plain", with: "templat: plain"))
        try await withPreview(fixture) { session, port in
            XCTAssertFalse(session.status.problems.isEmpty)
            let stream = try EventStreamReader(port: port)
            let hello = try XCTUnwrap(stream.next("hello"))
            XCTAssertTrue(hello.contains("site.yml"), hello)
            let broken = try get(port, "/demo/")
            XCTAssertEqual(broken.status, 500)
            XCTAssertTrue(broken.body.contains("sites/demo/site.yml:"), broken.body)
            try fixture.write("sites/demo/site.yml", PreviewFixture.siteYAML)
            XCTAssertNotNil(stream.next("reload"), "no reload once the site builds")
            let fixed = try get(port, "/demo/?variant=calm")
            XCTAssertEqual(fixed.status, 200)
            XCTAssertTrue(fixed.body.contains("Quiet mornings"))
        }
    }

    func testSimulatedVisitorDrivesThePolicyAndForcedVariants() async throws {
        let fixture = try PreviewFixture()
        defer { fixture.remove() }
        let visitor = try SimulatedVisitor(parsing: "device=mobile,country=FR,hour=19")
        try await withPreview(fixture, visitor: visitor) { _, port in
            let decide = try get(port, "/_sitegen/preview/decide?site=demo", ["User-Agent": UserAgents.desktop])
            XCTAssertEqual(decide.status, 200)
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(decide.body.utf8)) as? [String: Any])
            let seen = try XCTUnwrap(json["visitor"] as? [String: Any])
            XCTAssertEqual(seen["device"] as? String, "mobile", "--as wins over the real User-Agent")
            XCTAssertEqual(seen["country"] as? String, "FR")
            XCTAssertEqual(seen["hour"] as? Int, 19)
            let odds = try XCTUnwrap(json["probabilities"] as? [[String: Any]])
            XCTAssertEqual(odds.compactMap { $0["variant"] as? String }, ["calm", "lively", "away"])
            let total = odds.compactMap { $0["probability"] as? Double }.reduce(0, +)
            XCTAssertEqual(total, 1, accuracy: 1e-9)
            XCTAssertEqual(json["learned"] as? Bool, false, "no --db: an untrained policy")

            // The bar's cookie overrides --as; the query string overrides both.
            let cookie =
                "\(PreviewSession.cookieName)=" + "device=tablet&hour=8".addingPercentEncoding(
                    withAllowedCharacters: .alphanumerics)!
            let fromCookie = try get(port, "/_sitegen/preview/decide?site=demo", ["Cookie": cookie])
            XCTAssertTrue(fromCookie.body.contains("\"device\":\"tablet\""), fromCookie.body)
            XCTAssertTrue(fromCookie.body.contains("\"hour\":8"), fromCookie.body)

            for _ in 0..<3 {
                let calm = try get(port, "/demo/?variant=calm")
                XCTAssertEqual(calm.headers["x-sitegen-variant"], "calm")
                XCTAssertTrue(calm.body.contains("Quiet mornings"))
                let lively = try get(port, "/demo/about/", ["Cookie": "\(PreviewSession.cookieName)=variant%3Dlively"])
                XCTAssertTrue(lively.body.contains("Live music every night"))
            }
            let away = try get(port, "/demo/?variant=away")
            XCTAssertEqual(away.status, 200, "a redirect variant is shown, not followed")
            XCTAssertTrue(away.body.contains("https://shop.example.com/demo"))
            let picked = try get(port, "/demo/")
            XCTAssertNotNil(
                picked.headers["x-sitegen-variant"].flatMap { ["calm", "lively", "away"].firstIndex(of: $0) })
        }
    }

    func testLearnedOddsAreReadFromProductionWithoutWritingIt() async throws {
        let fixture = try PreviewFixture()
        defer { fixture.remove() }
        let database = fixture.root.appendingPathComponent("data/sitegen.sqlite")
        try FileManager.default.createDirectory(
            at: database.deletingLastPathComponent(), withIntermediateDirectories: true)
        let store = try EventStore(path: database.path)
        for index in 0..<40 {
            store.recordDecision(
                DecisionRecord(
                    id: DecisionID.make(), site: "demo", variant: ["calm", "lively"][index % 2], propensity: 0.5,
                    features: ["device": "mobile", "hour": "19"], pinned: false, learn: true, at: Date()))
        }
        try await store.flush()
        try await store.close()
        let wal = URL(fileURLWithPath: database.path + "-wal")
        let before = try Data(contentsOf: database)
        let walBefore = try? Data(contentsOf: wal)

        try await withPreview(fixture, learnedFrom: database) { _, port in
            let decide = try get(port, "/_sitegen/preview/decide?site=demo")
            XCTAssertEqual(decide.status, 200)
            XCTAssertTrue(decide.body.contains("\"learned\":true"), decide.body)
            XCTAssertEqual(try get(port, "/demo/").status, 200)
        }
        XCTAssertEqual(try Data(contentsOf: database), before, "the production database is never written")
        // Opening a WAL database may create an empty -wal beside it (SQLite's doing): no frame is written.
        XCTAssertEqual((try? Data(contentsOf: wal)) ?? Data(), walBefore ?? Data(), "nor its write-ahead log")
    }

    /// `--as variant=…` with a variant no site has is an error naming the variants, not a
    /// preview where the policy quietly picks instead.
    func testForcedVariantTypoIsAnError() throws {
        let fixture = try PreviewFixture()
        defer { fixture.remove() }
        let options = PreviewOptions(
            sites: fixture.sites, templates: fixture.templates, output: fixture.output, port: 0,
            visitor: try SimulatedVisitor(parsing: "variant=livley"))
        XCTAssertThrowsError(try PreviewSession(options: options, logger: Logger(label: "t"), report: { _ in })) {
            XCTAssertEqual(
                "\($0)", "--as variant=livley: no site has that variant (variants: away, calm, lively)")
        }
    }

    func testSimulatedVisitorParsing() throws {
        let visitor = try SimulatedVisitor(parsing: "country=fr, device=mobile,hour=19,weekday=6,source=qr")
        XCTAssertEqual(
            visitor, SimulatedVisitor(device: .mobile, country: "FR", hour: 19, weekday: 6, source: "qr"))
        XCTAssertThrowsError(try SimulatedVisitor(parsing: "contry=FR"))
        XCTAssertThrowsError(try SimulatedVisitor(parsing: "hour=24"))
        XCTAssertThrowsError(try SimulatedVisitor(parsing: "device=phone")) {
            XCTAssertEqual(
                "\($0)", "bad value 'phone' for device: use one of mobile, tablet, desktop, bot (or auto)")
        }
        XCTAssertThrowsError(try SimulatedVisitor(parsing: "mobile"))
        // From the browser: bad values are ignored, empty ones clear.
        let overlaid = visitor.overlaid(with: ["hour": "99", "device": "", "variant": "lively"])
        XCTAssertEqual(overlaid.hour, 19)
        XCTAssertNil(overlaid.device)
        XCTAssertEqual(overlaid.variant, "lively")
    }

    func testInjectionGoesBeforeTheLastBodyClose() {
        let html = Array("<html><body><p>&lt;/body&gt; </body></html>".utf8)
        let out = String(
            decoding: PreviewInjection.inject(into: html, site: "s", variant: "v", build: 3), as: UTF8.self)
        XCTAssertTrue(out.hasSuffix("</script></body></html>"), out)
        XCTAssertTrue(out.contains("data-build=\"3\""))
        let bare = String(
            decoding: PreviewInjection.inject(into: Array("<p>hi".utf8), site: "s", variant: "v", build: 1),
            as: UTF8.self)
        XCTAssertTrue(bare.hasPrefix("<p>hi<script"))
    }
}
