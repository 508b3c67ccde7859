import Foundation
import Logging
import SharedStore
import TestKit
import XCTest

@testable import Runtime

/// The pull's order and waiting rules on the shared store alone, with hand-made outboxes.
final class SharedPullTests: XCTestCase {
    func testAConversionWaitsForItsDecisionAndEachOutboxIsReadInItsOwnOrder() async throws {
        let cluster = try PostgresCluster()
        addTeardownBlock { cluster.remove() }
        try cluster.createDatabase("sitegen_test")
        var logger = Logger(label: "shared-pull-tests")
        logger.logLevel = .critical
        let store = try await PostgresSharedStore.open(
            try PostgresURL(parsing: cluster.url(database: "sitegen_test")), logger: logger)
        let at = Date(storeMilliseconds: 1_700_000_000_000)
        func decision(_ id: String) -> DecisionRecord {
            DecisionRecord(
                id: id, site: "luna", variant: "indoor", propensity: 0.5, features: ["device": "mobile"], pinned: false,
                learn: true, at: at)
        }
        func conversion(_ id: String) -> ConversionRecord {
            ConversionRecord(decisionID: id, site: "luna", goal: "reserve", value: 3, at: at)
        }
        func batch(
            _ origin: String, decisions: [(Int64, DecisionRecord)] = [], conversions: [(Int64, ConversionRecord)] = []
        ) -> ShipmentBatch {
            ShipmentBatch(
                node: origin, origin: origin, decisions: decisions.map { (seq: $0.0, record: $0.1) },
                conversions: conversions.map { (seq: $0.0, record: $0.1) },
                through: ShippedMarks(decisionSeq: 0, conversionSeq: 0))
        }
        // x1 converted d1 (not shipped yet by x2), then d2.
        try await store.ship(batch("x2", decisions: [(1, decision("d2"))]))
        try await store.ship(batch("x1", conversions: [(5, conversion("d1")), (6, conversion("d2"))]))

        let first = try await store.pull(after: PullCursors(), excluding: "me", limit: 10)
        XCTAssertEqual(first.decisions.map(\.record.id), ["d2"])
        XCTAssertEqual(first.decisions.map(\.record.origin), ["x2"], "pulled rows carry their outbox")
        XCTAssertTrue(first.conversions.isEmpty, "x1's conversions wait, in order, for d1")
        let fromX2 = try await store.pull(after: PullCursors(), excluding: "x2", limit: 10)
        XCTAssertEqual(fromX2.decisions.count, 0, "a node never pulls its own outbox")

        var cursors = PullCursors()
        cursors.advance("x2", decision: 1)
        try await store.ship(batch("x2", decisions: [(2, decision("d1"))]))
        let second = try await store.pull(after: cursors, excluding: "me", limit: 10)
        XCTAssertEqual(second.decisions.map(\.record.id), ["d1"])
        XCTAssertEqual(second.conversions.map(\.seq), [5, 6])
        XCTAssertEqual(second.conversions.map(\.decision.id), ["d1", "d2"], "each with its decision")
        XCTAssertFalse(second.full)
        XCTAssertEqual(PullCursors(encoded: cursors.encoded), cursors)
        await store.close()
    }
}
