import Foundation
import TestKit
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
            // Without a key the health check says only whether the server works.
            XCTAssertFalse(health.body.contains("buildId"), health.body)
            let page = try LoopbackHTTP.send(port: port, method: "GET", path: "/luna/?variant=garden")
            reloaded = page.body.contains("data-variant=\"garden\"")
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

    /// What a user sees when `serve` cannot start: the address or database named, what to change,
    /// exit 1, and nothing left behind by a typo in --host.
    func testStartupFailuresSayWhatToChange() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        func serve(_ arguments: [String]) throws -> (status: Int32, output: String) {
            let process = Process()
            process.executableURL = try SitegenExecutable.url()
            process.arguments = ["serve", "--dist", fixture.dist.path] + arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        let elsewhere = fixture.root.appendingPathComponent("other/events.sqlite").path
        let typo = try serve(["--db", elsewhere, "--host", "999.1.1.1"])
        XCTAssertEqual(typo.status, 1)
        XCTAssertTrue(
            typo.output.contains("cannot listen on 999.1.1.1:8080: '999.1.1.1' is not an address"), typo.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: elsewhere), "a typo in --host created the database")

        for (flag, value) in [("--retention-days", "99999999999"), ("--header-timeout", "-1")] {
            let outOfRange = try serve(["--db", elsewhere, "\(flag)=\(value)"])
            XCTAssertNotEqual(outOfRange.status, 0)
            XCTAssertTrue(outOfRange.output.contains("\(flag) must be from 0 (off) to"), outOfRange.output)
        }

        let notAnAddress = try serve(["--db", elsewhere, "--trusted-proxy", "lb.internal"])
        XCTAssertNotEqual(notAnAddress.status, 0)
        XCTAssertTrue(notAnAddress.output.contains("--trusted-proxy 'lb.internal': give the proxy's IP address"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: elsewhere))

        let running = try await ServeProcess.start(fixture)
        defer { running.kill(SIGKILL) }
        let sameDatabase = try serve(["--db", fixture.database.path, "--port", "0"])
        XCTAssertEqual(sameDatabase.status, 1)
        XCTAssertTrue(sameDatabase.output.contains("another sitegen serve is using this database"), sameDatabase.output)
        let samePort = try serve(["--db", elsewhere, "--port", String(running.port)])
        XCTAssertEqual(samePort.status, 1)
        XCTAssertTrue(
            samePort.output.contains("cannot listen on 127.0.0.1:\(running.port): the address is in use"),
            samePort.output)
    }
}
