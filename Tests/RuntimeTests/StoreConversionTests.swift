import Foundation
import XCTest

@testable import Runtime

final class StoreConversionTests: XCTestCase {
    func testConversionJoinsADecisionThatWasNeverFlushed() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        let decision = sampleDecision("fresh", variant: "patio")
        store.recordDecision(decision)

        // No flush: the conversion's transaction writes the buffered decision first.
        let result = try await store.recordConversion(sampleConversion("fresh", value: 25))
        XCTAssertEqual(result, .recorded(decision: decision))
        // Committed before the answer: a separate connection sees both rows now.
        XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM decisions WHERE id = 'fresh'"), 1)
        XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM conversions WHERE decision_id = 'fresh'"), 1)
        try await store.close()
    }

    func testDuplicateConversionOnSameGoalIsReportedAndNotStored() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        store.recordDecision(sampleDecision("d1"))
        let first = try await store.recordConversion(sampleConversion("d1", goal: "reserve"))
        let again = try await store.recordConversion(sampleConversion("d1", goal: "reserve", value: 99))
        let otherGoal = try await store.recordConversion(sampleConversion("d1", goal: "order", value: 25))

        XCTAssertEqual(first, .recorded(decision: sampleDecision("d1")))
        XCTAssertEqual(again, .duplicate)
        XCTAssertEqual(otherGoal, .recorded(decision: sampleDecision("d1")))
        XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM conversions"), 2)
        XCTAssertEqual(try rawInteger(path, "SELECT sum(value) FROM conversions"), 26)
        try await store.close()
    }

    func testUnknownAndForeignDecisionsAreRejected() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        store.recordDecision(sampleDecision("d1", site: "luna"))

        let unknown = try await store.recordConversion(sampleConversion("never-issued"))
        XCTAssertEqual(unknown, .unknownDecision)
        // A real decision id presented to another site is treated as forged.
        let foreign = try await store.recordConversion(sampleConversion("d1", site: "sole"))
        XCTAssertEqual(foreign, .unknownDecision)
        XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM conversions"), 0)
        try await store.close()
    }

    func testNonFiniteValueIsRejectedWithoutTouchingTheBatch() async throws {
        let store = try EventStore(path: try makeStorePath())
        store.recordDecision(sampleDecision("d1"))
        do {
            _ = try await store.recordConversion(sampleConversion("d1", value: .infinity))
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error, .invalidRecord(field: "conversion value", reason: "inf is not a finite number"))
        }
        let ok = try await store.recordConversion(sampleConversion("d1", value: 2))
        XCTAssertEqual(ok, .recorded(decision: sampleDecision("d1")))
        try await store.close()
    }

    func testConcurrentConversionsAllCommitOnce() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        let count = 300
        for index in 0..<count { store.recordDecision(sampleDecision("d\(index)", variant: "v\(index % 3)")) }

        let results = await withTaskGroup(of: ConversionResult?.self) { group in
            for index in 0..<count {
                group.addTask { try? await store.recordConversion(sampleConversion("d\(index)", value: 2)) }
            }
            var all: [ConversionResult?] = []
            for await result in group { all.append(result) }
            return all
        }
        XCTAssertEqual(results.count, count)
        XCTAssertEqual(results.filter { if case .recorded = $0 { true } else { false } }.count, count)

        let repeats = await withTaskGroup(of: ConversionResult?.self) { group in
            for index in 0..<count {
                group.addTask { try? await store.recordConversion(sampleConversion("d\(index)", value: 2)) }
            }
            var all: [ConversionResult?] = []
            for await result in group { all.append(result) }
            return all
        }
        XCTAssertEqual(repeats.filter { $0 == .duplicate }.count, count)
        XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM conversions"), Int64(count))
        try await store.close()
    }

    func testDecisionLookupSeesBufferedAndCommittedDecisions() async throws {
        let store = try EventStore(path: try makeStorePath())
        store.recordDecision(sampleDecision("buffered"))
        let buffered = try await store.decision(id: "buffered")
        XCTAssertEqual(buffered, sampleDecision("buffered"))
        try await store.flush()
        let committed = try await store.decision(id: "buffered")
        XCTAssertEqual(committed, sampleDecision("buffered"))
        let missing = try await store.decision(id: "nope")
        XCTAssertNil(missing)
        try await store.close()
    }

    func testFlushCommitsBufferedImpressions() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        for index in 0..<50 { store.recordDecision(sampleDecision("d\(index)", learn: index % 2 == 0)) }
        try await store.flush()
        XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM decisions"), 50)
        XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM decisions WHERE learn = 1"), 25)
        try await store.close()
    }

    func testClosedStoreRefusesConversions() async throws {
        let store = try EventStore(path: try makeStorePath())
        try await store.close()
        do {
            _ = try await store.recordConversion(sampleConversion("d1"))
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error, .closed)
        }
        store.recordDecision(sampleDecision("late"))
        XCTAssertEqual(store.droppedDecisions, 1)
        do {
            _ = try await store.decision(id: "late")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error, .closed)
        }
        XCTAssertThrowsError(try store.stats()) { XCTAssertEqual($0 as? StoreError, .closed) }
        try await store.close()  // closing twice is harmless
    }
}

final class StoreBackgroundFlushTests: XCTestCase {
    /// Impressions reach the file without any flush call (the writer's timer). This asserts that it
    /// happens, not how fast: the wait is a generous upper bound for a busy machine.
    func testImpressionsAreCommittedWithoutAFlush() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        store.recordDecision(sampleDecision("timer"))
        var committed: Int64 = 0
        for _ in 0..<600 where committed == 0 {
            try await Task.sleep(for: .milliseconds(50))
            committed = try rawInteger(path, "SELECT count(*) FROM decisions") ?? 0
        }
        XCTAssertEqual(committed, 1)
        try await store.close()
    }
}
