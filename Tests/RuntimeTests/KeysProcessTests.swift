import Foundation
import TestKit
import XCTest

/// `sitegen keys` as a user runs it, against a real `sitegen serve` on the same database.
final class KeysProcessTests: XCTestCase {
    /// Runs `sitegen keys <arguments>` to the end: its exit status and everything it printed.
    private func keys(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = try SitegenProcess(["keys"] + arguments)
        defer { process.kill(SIGKILL) }
        let status = try await process.exitStatus()
        return (status, process.output)
    }

    /// The line a command printed last, without its newline.
    private func lastLine(_ output: String) -> String {
        String(output.split(separator: "\n").last ?? "")
    }

    /// Polls `path` with `key` until it answers `status` (the server reloads keys every 2 s).
    private func awaitStatus(_ status: Int, port: Int, path: String, key: String) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(15)
        var seen = 0
        while ContinuousClock.now < deadline {
            seen = try LoopbackHTTP.send(port: port, method: "GET", path: path, headers: ["X-Api-Key": key]).status
            if seen == status { return seen }
            // Bounded wait for a periodic effect: the server's key reload. Every refused poll
            // counts against this client's failure budget (10 at once, then 1 a second), so
            // the polls are spaced to stay within it over a 2 s reload.
            try await Task.sleep(for: .milliseconds(500))
        }
        return seen
    }

    func testKeysMadeAndRevokedWithTheCommandLineWorkOnARunningServer() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        let db = fixture.database.path

        let server = try await ServeProcess.start(fixture)
        defer { server.kill(SIGKILL) }
        XCTAssertTrue(
            server.sitegen.output.contains("api keys: 0 "), "serve says it has no keys:\n\(server.sitegen.output)")
        XCTAssertTrue(server.sitegen.output.contains("sitegen keys create --db \(db) --scope read"))
        let anonymous = try LoopbackHTTP.send(port: server.port, method: "GET", path: "/ml/models")
        XCTAssertEqual(anonymous.status, 401)
        XCTAssertTrue(anonymous.body.hasPrefix("{\"error\":"), anonymous.body)
        XCTAssertEqual(anonymous.headers["www-authenticate"], #"Bearer realm="sitegen""#)

        // Made while the server runs: the key alone on the last line, accepted within seconds.
        let created = try await keys(["create", "--db", db, "--scope", "read", "--name", "dashboard"])
        XCTAssertEqual(created.status, 0, created.output)
        let key = lastLine(created.output)
        XCTAssertTrue(key.hasPrefix("sgk_"), created.output)
        XCTAssertEqual(key.count, 85)
        XCTAssertEqual(created.output.components(separatedBy: key).count, 2, "the key is printed once")
        let status = try await awaitStatus(200, port: server.port, path: "/ml/models", key: key)
        XCTAssertEqual(status, 200)
        let select = try LoopbackHTTP.send(
            port: server.port, method: "POST", path: "/ml/bandit/select", headers: ["Authorization": "Bearer \(key)"],
            body: #"{"experimentId":"luna"}"#)
        XCTAssertEqual(select.status, 403, "read does not decide")

        let listed = try await keys(["list", "--db", db])
        XCTAssertEqual(listed.status, 0, listed.output)
        let id = String(key.dropFirst(4).prefix(16))
        XCTAssertTrue(listed.output.contains(id), listed.output)
        XCTAssertTrue(listed.output.contains("dashboard"), listed.output)
        XCTAssertFalse(listed.output.contains(key), "list never shows a key")

        let revoked = try await keys(["revoke", "--db", db, id])
        XCTAssertEqual(revoked.status, 0, revoked.output)
        let refused = try await awaitStatus(401, port: server.port, path: "/ml/models", key: key)
        XCTAssertEqual(refused, 401)

        let unknown = try await keys(["revoke", "--db", db, "ffffffffffffffff"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.output.contains("'ffffffffffffffff'"), unknown.output)
        let typo = try await keys(["create", "--db", db, "--scope", "raed"])
        XCTAssertNotEqual(typo.status, 0)
        XCTAssertTrue(typo.output.contains("did you mean 'read'?"), typo.output)

        // The server never wrote a key to its output.
        XCTAssertFalse(server.sitegen.output.contains(key), server.sitegen.output)
    }
}
