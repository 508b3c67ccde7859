import Foundation
import XCTest

@testable import Runtime

/// The real `sitegen serve` process and its signals: SIGHUP reloads dist/ while serving, SIGTERM
/// flushes every buffered impression, snapshots and exits 0.
final class ServeProcessSignalTests: XCTestCase {
    func testHangupReloadsAndTermFlushesAndExitsCleanly() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        let server = try await ServeProcess.start(fixture)
        defer { server.kill(SIGKILL) }
        let process = server.process
        let port = server.port

        var visits = 0
        for _ in 0..<25 {
            let page = try LoopbackHTTP.send(
                port: port, method: "GET", path: "/luna/", headers: ["User-Agent": UserAgents.iPhone])
            XCTAssertEqual(page.status, 200)
            visits += 1
        }

        try fixture.write(buildID: "build-2", lunaVariants: ["indoor", "garden"])
        kill(process.processIdentifier, SIGHUP)
        // Poll (bounded) until the reload is visible; requests keep being answered meanwhile.
        var reloaded = false
        for _ in 0..<400 where !reloaded {
            let health = try LoopbackHTTP.send(port: port, method: "GET", path: "/healthz")
            XCTAssertEqual(health.status, 200)
            reloaded = health.body.contains("\"buildId\":\"build-2\"")
            if !reloaded { try await Task.sleep(for: .milliseconds(25)) }
        }
        XCTAssertTrue(reloaded, "SIGHUP did not reload dist/")
        let garden = try LoopbackHTTP.send(port: port, method: "GET", path: "/luna/?variant=garden")
        XCTAssertTrue(garden.body.contains("data-variant=\"garden\""))
        for _ in 0..<5 {
            _ = try LoopbackHTTP.send(
                port: port, method: "GET", path: "/luna/", headers: ["User-Agent": UserAgents.iPhone])
            visits += 1
        }

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM decisions WHERE learn = 1"), Int64(visits))
        XCTAssertGreaterThanOrEqual(try count(fixture, "SELECT count(*) FROM snapshots WHERE site = 'luna'"), 1)
        XCTAssertEqual(try rawText(fixture.database.path, "PRAGMA integrity_check"), ["ok"])
    }
}
