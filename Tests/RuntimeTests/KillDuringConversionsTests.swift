import Foundation
import TestKit
import XCTest

@testable import Runtime

/// The real-process durability test: conversions from concurrent clients, `kill -9` in the middle,
/// then every conversion that was answered 2xx must be in the database, which must open cleanly.
final class KillDuringConversionsTests: XCTestCase {
    func testAcknowledgedConversionsSurviveKill9() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        let server = try await ServeProcess.start(fixture)
        defer { server.kill(SIGKILL) }
        let process = server.process
        let port = server.port

        let acknowledged = AcknowledgedSet()
        let target = 60
        let workers = 8
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    // Bounded: a server that stops answering ends the loop instead of the test hanging.
                    var failures = 0
                    for _ in 0..<5_000 where !acknowledged.stopped && failures < 50 {
                        guard
                            let page = try? LoopbackHTTP.send(
                                port: port, method: "GET", path: "/luna/", headers: ["User-Agent": UserAgents.iPhone]),
                            let setCookie = page.headers["set-cookie"]
                        else {
                            failures += 1
                            continue
                        }
                        let cookie = String(setCookie.prefix { $0 != ";" })
                        guard
                            let reply = try? LoopbackHTTP.send(
                                port: port, method: "POST", path: "/luna/_convert",
                                headers: ["Cookie": cookie, "Content-Type": "application/json"],
                                body: #"{"goal":"order","value":3}"#)
                        else {
                            failures += 1
                            continue
                        }
                        if (200..<300).contains(reply.status) {
                            let decisionID = cookie.split(separator: ".")[1]
                            if acknowledged.insert(String(decisionID)) >= target {
                                // Kill while the other workers are mid-request.
                                kill(process.processIdentifier, SIGKILL)
                                acknowledged.stop()
                            }
                        }
                    }
                }
            }
        }
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        let ids = acknowledged.ids
        XCTAssertGreaterThanOrEqual(ids.count, target)

        XCTAssertEqual(try rawText(fixture.database.path, "PRAGMA integrity_check"), ["ok"])
        let stored = Set(try rawText(fixture.database.path, "SELECT decision_id FROM conversions"))
        let missing = ids.subtracting(stored)
        XCTAssertTrue(missing.isEmpty, "acknowledged but lost: \(missing.sorted())")
        // And a new server opens it (migrations, WAL recovery) and sees them.
        let reopened = try EventStore(path: fixture.database.path)
        let conversions = try reopened.stats().reduce(0) { $0 + $1.conversions }
        XCTAssertGreaterThanOrEqual(conversions, ids.count)
        try await reopened.close()
    }
}

/// Decision ids whose conversion got a 2xx, shared by the load workers.
final class AcknowledgedSet: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var set = Set<String>()
    private var done = false

    func insert(_ id: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        set.insert(id)
        return set.count
    }

    func stop() {
        lock.lock()
        done = true
        lock.unlock()
    }

    var stopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return done
    }

    var ids: Set<String> {
        lock.lock()
        defer { lock.unlock() }
        return set
    }
}
