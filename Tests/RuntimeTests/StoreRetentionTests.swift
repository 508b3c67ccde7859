import Foundation
import TestKit
import XCTest

@testable import Runtime

/// Retention (issue #17): raw decisions past their age, or beyond the size limit, are folded into
/// per-day totals and deleted, and every count `sitegen stats` and the report show stays the same.
final class StoreRetentionTests: XCTestCase {
    private let day: Int64 = 86_400_000
    private let old: Int64 = 1_700_000_000_000  // November 2023: far past any retention age

    /// Old decisions on two days, two variants, a placement and a source, with conversions (one
    /// decision converting twice), then a few recent ones.
    private func record(into store: EventStore) async throws {
        for i in 0..<12 {
            var decision = sampleDecision(
                "old\(i)", variant: i % 2 == 0 ? "a" : "b", learn: i != 11, pinned: i == 10,
                features: ["device": i % 3 == 0 ? "mobile" : "desktop"],
                atMilliseconds: old + Int64(i / 6) * day + Int64(i))
            decision.placement = i % 4 == 0 ? "table" : nil
            decision.source = i % 4 == 0 ? "qr" : nil
            store.recordDecision(decision)
        }
        let now = Date().storeMilliseconds
        for i in 0..<3 { store.recordDecision(sampleDecision("new\(i)", atMilliseconds: now - Int64(i))) }
        _ = try await store.recordConversion(sampleConversion("old0", goal: "order", value: 10))
        // The newest conversion row is never folded (see `EventFolder`): a recent one is last.
        for (id, value) in [("old0", 5.0), ("old3", 25.0), ("old4", 1.0), ("new0", 2.0)] {
            _ = try await store.recordConversion(sampleConversion(id, value: value))
        }
    }

    private func reportTotals(_ path: String) throws -> [String: ReportScan.VariantTotals] {
        let scan = try ReadConnection.openExisting(path: path).reportScan(site: "luna", from: nil, to: nil)
        return Dictionary(uniqueKeysWithValues: zip(scan.variants, scan.totals))
    }

    func testFoldingOldEventsKeepsEveryCount() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        try await record(into: store)
        try await store.saveSnapshot(site: "luna", state: [1, 2, 3])
        let statsBefore = try store.stats()
        let reportBefore = try reportTotals(path)

        let folded = try await store.applyRetention(RetentionPolicy(maxAge: 90 * 86_400))
        XCTAssertEqual(folded, 12)
        XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM decisions WHERE id LIKE 'old%'"), 0)
        XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM decisions"), 3)
        XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM conversions"), 1)
        XCTAssertEqual(try rawInteger(path, "SELECT sum(impressions) FROM daily_totals"), 12)
        XCTAssertEqual(try rawInteger(path, "SELECT count(DISTINCT day) FROM daily_totals"), 2)
        XCTAssertEqual(try rawInteger(path, "SELECT sum(conversions) FROM daily_totals"), 4)
        XCTAssertEqual(try rawInteger(path, "SELECT sum(converted) FROM daily_totals"), 3)

        XCTAssertEqual(try store.stats(), statsBefore)
        XCTAssertEqual(try EventStore.stats(databaseAt: path), statsBefore)
        XCTAssertEqual(try reportTotals(path), reportBefore)
        // A second pass finds nothing more to fold.
        let again = try await store.applyRetention(RetentionPolicy(maxAge: 90 * 86_400))
        XCTAssertEqual(again, 0)
        try await store.close()
    }

    /// Only what the site's latest snapshot covers is folded: a restart restores the snapshot
    /// and replays the rows after it, which must still be there.
    func testOnlyWhatASnapshotCoversIsFolded() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        for i in 0..<5 { store.recordDecision(sampleDecision("early\(i)", atMilliseconds: old + Int64(i))) }
        let none = try await store.applyRetention(RetentionPolicy(maxAge: 86_400))
        XCTAssertEqual(none, 0, "folded without any snapshot")

        try await store.saveSnapshot(site: "luna", state: [1])
        for i in 0..<5 { store.recordDecision(sampleDecision("late\(i)", atMilliseconds: old + 100 + Int64(i))) }
        try await store.flush()
        let folded = try await store.applyRetention(RetentionPolicy(maxAge: 86_400))
        XCTAssertEqual(folded, 5)
        XCTAssertEqual(
            try rawText(path, "SELECT id FROM decisions ORDER BY seq"), (0..<5).map { "late\($0)" })

        let replayed = try replayedDecisions(store, after: try store.latestSnapshot(site: "luna"))
        XCTAssertEqual(replayed, (0..<5).map { "late\($0)" })
        try await store.close()
    }

    /// A conversion after the snapshot keeps its decision (replay joins them), and the newest
    /// decision is never deleted, so row numbers are never reused below a snapshot's mark.
    func testUncoveredConversionsAndTheNewestRowStay() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        for i in 0..<4 { store.recordDecision(sampleDecision("d\(i)", atMilliseconds: old + Int64(i))) }
        try await store.flush()
        try await store.saveSnapshot(site: "luna", state: [1])
        _ = try await store.recordConversion(sampleConversion("d1"))
        let folded = try await store.applyRetention(RetentionPolicy(maxAge: 86_400))
        XCTAssertEqual(folded, 2)
        XCTAssertEqual(try rawText(path, "SELECT id FROM decisions ORDER BY seq"), ["d1", "d3"])
        let newestSeq = try XCTUnwrap(try rawInteger(path, "SELECT max(seq) FROM decisions"))
        store.recordDecision(sampleDecision("after"))
        try await store.flush()
        XCTAssertEqual(try rawInteger(path, "SELECT seq FROM decisions WHERE id = 'after'"), newestSeq + 1)
        try await store.close()
    }

    /// Over the size limit the oldest days are folded, whatever their age.
    func testTheSizeLimitFoldsTheOldestDaysFirst() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        let now = Date().storeMilliseconds
        for i in 0..<3000 {
            let age = Int64(3 - i / 1000) * day  // three days, oldest first
            store.recordDecision(sampleDecision("d\(i)", atMilliseconds: now - age + Int64(i)))
        }
        try await store.flush()
        try await store.saveSnapshot(site: "luna", state: [1])
        let size = try store.usedBytes()
        let unbounded = try await store.applyRetention(RetentionPolicy(maxAge: nil, maxBytes: size * 2))
        XCTAssertEqual(unbounded, 0)

        let folded = try await store.applyRetention(RetentionPolicy(maxAge: nil, maxBytes: size * 3 / 4))
        XCTAssertGreaterThanOrEqual(folded, 1000)
        XCTAssertLessThan(try store.usedBytes(), size * 3 / 4)
        let oldestLeft = try XCTUnwrap(try rawInteger(path, "SELECT min(at) FROM decisions"))
        XCTAssertGreaterThan(oldestLeft, now - 3 * day + 999, "a newer day was folded before the oldest")
        XCTAssertEqual(try store.stats().first?.impressions, 3000)
        try await store.close()
    }

    /// With retention off the retention service has nothing to do, and must not end the
    /// server by returning (a finished service stops the whole service group).
    func testServeWithRetentionOffKeepsServing() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        let server = try await ServeProcess.start(fixture, arguments: ["--retention-days", "0"])
        defer { server.kill(SIGKILL) }
        for _ in 0..<5 {
            let page = try LoopbackHTTP.send(port: server.port, method: "GET", path: "/luna/")
            XCTAssertEqual(page.status, 200)
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTAssertTrue(server.process.isRunning)
        kill(server.process.processIdentifier, SIGTERM)
        server.process.waitUntilExit()
        XCTAssertEqual(server.process.terminationStatus, 0)
    }

    func testSizesParse() {
        XCTAssertEqual(RetentionPolicy.parseSize("500MB"), 500_000_000)
        XCTAssertEqual(RetentionPolicy.parseSize("2gb"), 2_000_000_000)
        XCTAssertEqual(RetentionPolicy.parseSize("1 GiB"), 1_073_741_824)
        XCTAssertEqual(RetentionPolicy.parseSize("750000"), 750_000)
        XCTAssertEqual(RetentionPolicy.parseSize("1.5k"), 1_500)
        for bad in ["", "MB", "-1GB", "0", "12 parsecs", "1e400"] {
            XCTAssertNil(RetentionPolicy.parseSize(bad), bad)
        }
    }

    private func replayedDecisions(_ store: EventStore, after snapshot: Snapshot?) throws -> [String] {
        var ids: [String] = []
        try store.replay(site: "luna", after: snapshot) { event in
            if case .decision(let decision) = event { ids.append(decision.id) }
        }
        return ids
    }
}
