import Foundation
import TestKit
import XCTest

@testable import Runtime

/// A transaction that fails must fail only the callers waiting on it, and keep the buffered impressions
/// for the next attempt. A trigger stands in for a failing disk: it aborts the batch from inside SQLite.
final class StoreFailureTests: XCTestCase {
    func testFailedBatchReportsErrorAndKeepsImpressions() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        do {
            let db = try Database(path: path, mode: .readWriteCreate)
            try db.execute(
                """
                CREATE TRIGGER test_failure BEFORE INSERT ON conversions WHEN NEW.goal = 'boom'
                BEGIN SELECT RAISE(ABORT, 'simulated failure'); END
                """, for: "test: install failing trigger")
        }

        store.recordDecision(sampleDecision("kept"))
        do {
            _ = try await store.recordConversion(sampleConversion("kept", goal: "boom"))
            XCTFail("expected the batch to fail")
        } catch {
            guard case .sqlite(let operation, _, let message, let failedPath) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(operation, "insert conversion")
            XCTAssertEqual(message, "simulated failure")
            XCTAssertEqual(failedPath, path)
        }
        // The impression from the rolled-back batch was not lost: it is found (buffered or already
        // retried) and commits with a later batch.
        let found = try await store.decision(id: "kept")
        XCTAssertEqual(found, sampleDecision("kept"))
        try await store.flush()
        XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM decisions WHERE id = 'kept'"), 1)
        let retried = try await store.recordConversion(sampleConversion("kept", goal: "reserve"))
        XCTAssertEqual(retried, .recorded(decision: sampleDecision("kept")))
        try await store.close()
        XCTAssertEqual(store.droppedDecisions, 0)
    }

    /// While every write fails the impressions stay buffered (none dropped, flushes report the
    /// error); once writes work again, the next flush commits all of them.
    func testImpressionsSurviveAFailingDiskAndCommitAfterIt() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        let disk = try SimulatedDiskFailure(path: path, table: "decisions")
        try disk.set(failing: true)
        for i in 0..<50 { store.recordDecision(sampleDecision("d\(i)")) }
        for _ in 0..<2 {
            do {
                try await store.flush()
                XCTFail("expected the flush to fail while the disk fails")
            } catch {
                guard case .sqlite(_, _, let message, _) = error else { return XCTFail("unexpected \(error)") }
                XCTAssertEqual(message, "simulated disk failure")
            }
        }
        let buffered = try await store.decision(id: "d49")
        XCTAssertEqual(buffered?.id, "d49")
        XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM decisions"), 0)

        try disk.set(failing: false)
        try await store.flush()
        XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM decisions"), 50)
        XCTAssertEqual(store.droppedDecisions, 0)
        try await store.close()
    }
}

/// `sitegen stats` on a database whose folder cannot be written says so, instead of calling the
/// file "not a sitegen event database".
final class ReadOnlyFolderTests: XCTestCase {
    func testAReadOnlyFolderIsNamedAsTheProblem() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        store.recordDecision(sampleDecision("d1"))
        try await store.close()
        let folder = (path as NSString).deletingLastPathComponent
        // chattr +i stops even root from creating files there, as a read-only mount would.
        try XCTSkipUnless(chattr("+i", folder), "chattr +i is not available here")
        defer { _ = chattr("-i", folder) }
        XCTAssertThrowsError(try EventStore.stats(databaseAt: path)) { error in
            XCTAssertTrue("\(error)".contains("its folder is read-only"), "\(error)")
            XCTAssertFalse("\(error)".contains("not a sitegen event database"), "\(error)")
        }
    }
}
