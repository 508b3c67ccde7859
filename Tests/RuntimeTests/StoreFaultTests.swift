import Foundation
import HummingbirdTesting
import TestKit
import XCTest

@testable import Runtime

/// Storage faults are loud and lose nothing acknowledged (issue #17): a database file deleted or
/// replaced while serving is detected, a failing disk shows in `/healthz` until it recovers, and a
/// final flush that fails makes `serve` exit non-zero.
final class StoreFaultTests: XCTestCase {
    func testADeletedDatabaseFileIsDetectedAndNothingMoreIsAcknowledged() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        store.recordDecision(sampleDecision("before"))
        try await store.flush()
        XCTAssertEqual(store.health, .writing)

        try FileManager.default.removeItem(atPath: path)
        store.recordDecision(sampleDecision("after"))
        do {
            _ = try await store.recordConversion(sampleConversion("before", goal: "reserve"))
            XCTFail("a conversion into a deleted file was acknowledged")
        } catch {
            XCTAssertEqual(error, .databaseReplaced(path: path, detail: "deleted"))
        }
        guard case .detached(let problem) = store.health else { return XCTFail("health: \(store.health)") }
        XCTAssertTrue(problem.description.contains("deleted while serving"), problem.description)
        // Impressions that can never be written are counted as lost, not held forever.
        store.recordDecision(sampleDecision("later"))
        XCTAssertEqual(store.droppedDecisions, 2)
        XCTAssertEqual(store.bufferedDecisions, 0)
        do {
            try await store.close()
            XCTFail("closing a detached store reported success")
        } catch {
            XCTAssertEqual(error, .databaseReplaced(path: path, detail: "deleted"))
        }
    }

    func testAReplacedDatabaseFileIsDetected() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        let other = path + ".other"
        try Data("not the same file".utf8).write(to: URL(fileURLWithPath: other))
        XCTAssertEqual(rename(other, path), 0)
        do {
            try await store.flush()
            store.recordDecision(sampleDecision("lost"))
            try await store.flush()
            XCTFail("writing into a replaced file reported success")
        } catch {
            XCTAssertEqual(error, .databaseReplaced(path: path, detail: "replaced"))
        }
        XCTAssertEqual(store.health.name, "detached")
        try? await store.close()
    }

    /// A real full disk (a small tmpfs, filled up): no impression is lost or counted as dropped
    /// while writes fail, health says so, and everything is committed once space returns.
    func testARealFullDiskLosesNothingAndRecoversWhenSpaceReturns() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-full-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=4m", "tmpfs", folder.path]
        mount.standardError = FileHandle.nullDevice
        try mount.run()
        mount.waitUntilExit()
        // Mounting needs privileges a developer's machine may not grant; CI runs as root.
        guard mount.terminationStatus == 0 else { throw XCTSkip("cannot mount a tmpfs here (needs root)") }
        defer {
            let unmount = Process()
            unmount.executableURL = URL(fileURLWithPath: "/bin/umount")
            unmount.arguments = [folder.path]
            try? unmount.run()
            unmount.waitUntilExit()
        }
        let path = folder.appendingPathComponent("events.sqlite").path
        let store = try EventStore(path: path)
        let filler = folder.appendingPathComponent("filler").path
        XCTAssertTrue(FileManager.default.createFile(atPath: filler, contents: nil))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: filler))
        let chunk = Data(count: 64 * 1024)
        while (try? handle.write(contentsOf: chunk)) != nil {}
        try? handle.close()

        for i in 0..<3000 { store.recordDecision(sampleDecision("d\(i)")) }
        do {
            try await store.flush()
            XCTFail("the flush succeeded on a full disk")
        } catch {
            guard case .sqlite(_, _, let message, _) = error else { return XCTFail("unexpected \(error)") }
            XCTAssertTrue(message.contains("full"), message)
        }
        XCTAssertEqual(store.health.name, "failing")
        XCTAssertEqual(store.droppedDecisions, 0)
        XCTAssertEqual(store.bufferedDecisions, 3000)

        try FileManager.default.removeItem(atPath: filler)
        try await store.flush()
        XCTAssertEqual(store.health, .writing)
        try await store.close()
        XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM decisions"), 3000)
        XCTAssertEqual(store.droppedDecisions, 0)
    }

    /// While writes fail `/healthz` answers 503 and says why, `/metrics` shows the buffered
    /// impressions, and both return to normal by themselves once writes work again.
    func testHealthShowsAFailingStoreUntilItRecovers() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture, mode: .router) { client, runtime in
            let store = try XCTUnwrap(runtime.store)
            let healthy = try await client.get("/healthz")
            XCTAssertEqual(healthy.status, .ok)
            XCTAssertEqual(try healthy.json()["store"] as? String, "ok")

            let disk = try SimulatedDiskFailure(path: fixture.database.path, table: "decisions")
            try disk.set(failing: true)
            let page = try await client.get("/luna/")
            XCTAssertEqual(page.status, .ok)
            do {
                try await store.flush()
                XCTFail("the flush succeeded although every write fails")
            } catch {}
            let failing = try await client.get("/healthz")
            XCTAssertEqual(failing.status, .serviceUnavailable)
            let body = try failing.json()
            XCTAssertEqual(body["ok"] as? Bool, false)
            XCTAssertEqual(body["store"] as? String, "failing")
            XCTAssertTrue(
                try XCTUnwrap(body["storeProblem"] as? String).contains("simulated disk failure"), failing.text)
            let metrics = try await client.get("/metrics").text
            XCTAssertTrue(metrics.contains("sitegen_store_writing 0"), metrics)
            XCTAssertTrue(metrics.contains("sitegen_store_buffered_decisions 1"), metrics)

            try disk.set(failing: false)
            try await store.flush()
            let recovered = try await client.get("/healthz")
            XCTAssertEqual(recovered.status, .ok)
            XCTAssertEqual(try recovered.json()["store"] as? String, "ok")
            let metricsAfter = try await client.get("/metrics").text
            XCTAssertTrue(metricsAfter.contains("sitegen_store_writing 1"), metricsAfter)
        }
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM decisions"), 1)
    }

    /// The real process: the database deleted under it, conversions are refused (503, never 2xx
    /// and lost), `/healthz` says so, and SIGTERM ends with a non-zero exit status.
    func testServeRefusesConversionsAndExitsNonZeroWhenItsDatabaseIsDeleted() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        let server = try await ServeProcess.start(fixture)
        defer { server.kill(SIGKILL) }
        let page = try LoopbackHTTP.send(
            port: server.port, method: "GET", path: "/luna/", headers: ["User-Agent": UserAgents.iPhone])
        let cookie = try XCTUnwrap(page.headers["set-cookie"]?.split(separator: ";").first.map(String.init))

        try FileManager.default.removeItem(at: fixture.database)
        let conversion = try LoopbackHTTP.send(
            port: server.port, method: "POST", path: "/luna/_convert",
            headers: ["Cookie": cookie, "Content-Type": "application/json"], body: #"{"goal":"reserve"}"#)
        XCTAssertEqual(conversion.status, 503, conversion.body)
        let health = try LoopbackHTTP.send(port: server.port, method: "GET", path: "/healthz")
        XCTAssertEqual(health.status, 503)
        XCTAssertTrue(health.body.contains(#""store":"detached""#), health.body)

        kill(server.process.processIdentifier, SIGTERM)
        server.process.waitUntilExit()
        XCTAssertEqual(server.process.terminationReason, .exit)
        XCTAssertNotEqual(server.process.terminationStatus, 0)
    }
}
