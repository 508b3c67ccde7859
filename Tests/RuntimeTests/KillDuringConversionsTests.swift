import Foundation
import XCTest

@testable import Runtime

/// The real-process durability test: conversions from concurrent clients, `kill -9` in the middle,
/// then every conversion that was answered 2xx must be in the database, which must open cleanly.
final class KillDuringConversionsTests: XCTestCase {
    /// The executable `make test` built beside this package (`swift build --build-tests` builds it).
    private func sitegenBinary() throws -> URL {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let binary = packageRoot.appendingPathComponent(".build/debug/sitegen")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("\(binary.path) is missing: build the package (make test) first")
        }
        return binary
    }

    func testAcknowledgedConversionsSurviveKill9() async throws {
        let binary = try sitegenBinary()
        let fixture = try DistFixture()
        defer { fixture.remove() }

        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--dist", fixture.dist.path, "--db", fixture.database.path, "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        let port = try await Self.waitForPort(output.fileHandleForReading)

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

    /// Reads the server's log until it says where it listens.
    static func waitForPort(_ handle: FileHandle) async throws -> Int {
        try await Task.detached {
            var seen = ""
            while true {
                let chunk = handle.availableData
                guard !chunk.isEmpty else {
                    throw LoopbackHTTP.Failure(description: "server exited before listening:\n\(seen)")
                }
                seen += String(decoding: chunk, as: UTF8.self)
                if let range = seen.range(of: "serving on http://127.0.0.1:") {
                    let digits = seen[range.upperBound...].prefix { $0.isNumber }
                    if let port = Int(digits), seen[range.upperBound...].dropFirst(digits.count).hasPrefix("/") {
                        return port
                    }
                }
            }
        }.value
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
