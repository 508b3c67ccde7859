import Foundation
import HummingbirdTesting
import TestKit
import XCTest

@testable import Runtime

/// Every page view and QR scan is counted, returning visitors included, as hourly rows; the
/// placement and source a decision records are validated, since they come from the query.
final class VisitCountTests: XCTestCase {
    func testReturningVisitorsAreCountedAndPlacementsValidated() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let first = try await client.get("/luna/?src=qr&p=table")
            let cookie = try XCTUnwrap(first.cookiePair)
            // The same visitor scans twice more and reads a page: one decision, four views, three scans.
            _ = try await client.get("/luna/?src=qr&p=table", [("Cookie", cookie)])
            _ = try await client.get("/luna/?src=qr&p=table", [("Cookie", cookie)])
            _ = try await client.get("/luna/", [("Cookie", cookie)])
            // Hostile values are recorded as nothing.
            _ = try await client.get("/luna/?src=%3Cscript%3E&p=nowhere")
            // HEAD and author previews are not visits.
            _ = try await client.execute(
                uri: "/luna/?src=qr&p=table", method: .head, headers: headers([("User-Agent", UserAgents.iPhone)]),
                body: nil)
            _ = try await client.get("/luna/?variant=indoor")
        }
        let path = fixture.database.path
        XCTAssertEqual(
            try rawText(
                path,
                "SELECT placement || ':' || sum(views) || ':' || sum(scans) FROM visit_counts GROUP BY placement ORDER BY placement"
            ),
            [":2:0", "table:3:3"])
        XCTAssertEqual(
            try rawText(
                path, "SELECT coalesce(placement, '-') || ':' || coalesce(source, '-') FROM decisions ORDER BY seq"),
            ["table:qr", "-:-"])
        // Every decision the policy made carries the whole probability vector, in variant order.
        XCTAssertEqual(try rawText(path, "SELECT length(probabilities) FROM decisions"), ["16", "16"])
    }

    /// The live report: HTML and JSON from the store being written, JSON errors for the rest.
    func testLiveReportEndpoints() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let empty = try await client.get("/_sitegen/report/luna.json")
            XCTAssertEqual(empty.status, .ok)
            XCTAssertEqual(try empty.json()["site"] as? String, "luna")
            for _ in 0..<3 { _ = try await client.get("/luna/?src=qr&p=table") }
            let json = try await client.get("/_sitegen/report/luna.json")
            XCTAssertEqual(json.status, .ok)
            XCTAssertEqual(json.headers[.contentType], "application/json")
            let variants = try XCTUnwrap(json.json()["variants"] as? [[String: Any]])
            XCTAssertEqual(variants.reduce(0) { $0 + ($1["impressions"] as? Int ?? 0) }, 3)
            let html = try await client.get("/_sitegen/report/luna")
            XCTAssertEqual(html.status, .ok)
            XCTAssertTrue(html.text.contains("id=\"verdict\""))
            let unknown = try await client.get("/_sitegen/report/lunaa.json")
            XCTAssertEqual(unknown.status, .notFound)
            XCTAssertTrue(try XCTUnwrap(unknown.json()["error"] as? String).contains("did you mean 'luna'"))
            let post = try await client.post("/_sitegen/report/luna", "")
            XCTAssertEqual(post.status, .methodNotAllowed)
        }
    }
}
