import Foundation
import XCTest

@testable import Runtime

/// With a shared store the local database is its outbox: retention folds only what the shipper
/// marked shipped (issue #21), and the outbox reads what waits after the marks.
final class ShippedRetentionTests: XCTestCase {
    private let old: Int64 = 1_700_000_000_000

    func testRetentionFoldsOnlyShippedRowsWhenAStoreIsConfigured() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        for i in 0..<6 { store.recordDecision(sampleDecision("old\(i)", atMilliseconds: old + Int64(i))) }
        store.recordDecision(sampleDecision("new", atMilliseconds: Date().storeMilliseconds))
        _ = try await store.recordConversion(sampleConversion("old1", value: 3))
        _ = try await store.recordConversion(sampleConversion("new", value: 1))
        try await store.saveSnapshot(site: "luna", state: [1])
        let policy = RetentionPolicy(maxAge: 90 * 86_400)

        // Nothing shipped yet: nothing may be folded.
        let unshipped = try store.unshipped(after: store.shippedMarks(), limit: 100, node: "n")
        XCTAssertEqual(unshipped.decisions.map(\.record.id), ["old0", "old1", "old2", "old3", "old4", "old5", "new"])
        XCTAssertEqual(unshipped.conversions.map(\.record.decisionID), ["old1", "new"])
        let none = try await store.applyRetention(policy, shippedOnly: true)
        XCTAssertEqual(none, 0)

        // Shipped up to old2 (decisions) and nothing of the conversions: old0 and old2 fold;
        // old1 waits for its conversion to ship.
        let seqs = unshipped.decisions.map(\.seq)
        store.recordShippedMarks(ShippedMarks(decisionSeq: seqs[2], conversionSeq: 0))
        try await store.flush()
        XCTAssertEqual(try store.shippedMarks(), ShippedMarks(decisionSeq: seqs[2], conversionSeq: 0))
        let some = try await store.applyRetention(policy, shippedOnly: true)
        XCTAssertEqual(some, 2)
        XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM decisions WHERE id = 'old1'"), 1)

        store.recordShippedMarks(ShippedMarks(decisionSeq: seqs[6], conversionSeq: unshipped.conversions[1].seq))
        try await store.flush()
        let rest = try await store.applyRetention(policy, shippedOnly: true)
        XCTAssertEqual(rest, 4)
        let counts = try store.unshippedCounts(after: try store.shippedMarks())
        XCTAssertEqual(counts.decisions, 0)
        XCTAssertEqual(counts.conversions, 0)
        try await store.close()
    }
}
