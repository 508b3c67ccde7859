import Foundation
import XCTest

@testable import Runtime

/// A stand-in for a bandit's sufficient statistics: per variant, impressions and reward.
private struct Tally: Codable, Equatable {
    var impressions: [String: Int] = [:]
    var reward: [String: Double] = [:]

    mutating func apply(_ event: ReplayEvent) {
        switch event {
        case .decision(let decision):
            impressions[decision.variant, default: 0] += 1
        case .conversion(let conversion, let decision):
            reward[decision.variant, default: 0] += conversion.value
        }
    }
}

final class StoreSnapshotTests: XCTestCase {
    func testSnapshotPlusReplayEqualsFullHistory() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        var live = Tally()

        // Before the snapshot: three learnable impressions, one bot, one conversion.
        for (index, variant) in ["a", "b", "a"].enumerated() {
            let decision = sampleDecision("early\(index)", variant: variant, atMilliseconds: 1_000 + Int64(index))
            store.recordDecision(decision)
            live.apply(.decision(decision))
        }
        store.recordDecision(sampleDecision("bot", variant: "b", learn: false, atMilliseconds: 1_010))
        let early = try await store.recordConversion(sampleConversion("early0", value: 3, atMilliseconds: 1_020))
        guard case .recorded(let joined) = early else { return XCTFail("\(early)") }
        live.apply(.conversion(sampleConversion("early0", value: 3, atMilliseconds: 1_020), decision: joined))

        let state = try JSONEncoder().encode(live)
        try await store.saveSnapshot(site: "luna", state: Array(state))

        // After it: more impressions (one still buffered) and conversions, one on an old decision.
        let late = sampleDecision("late0", variant: "b", atMilliseconds: 2_000)
        store.recordDecision(late)
        live.apply(.decision(late))
        let lateConversions = [
            sampleConversion("early1", value: 5, atMilliseconds: 2_010),
            sampleConversion("late0", value: 7, atMilliseconds: 2_020),
        ]
        for conversion in lateConversions {
            guard case .recorded(let decision) = try await store.recordConversion(conversion) else {
                return XCTFail("not recorded")
            }
            live.apply(.conversion(conversion, decision: decision))
        }
        _ = try await store.recordConversion(sampleConversion("bot", value: 100, atMilliseconds: 2_030))
        let stillBuffered = sampleDecision("late1", variant: "a", atMilliseconds: 2_040)
        store.recordDecision(stillBuffered)
        live.apply(.decision(stillBuffered))
        try await store.close()

        // Restart: snapshot + events after it.
        let reopened = try EventStore(path: path)
        let snapshot = try XCTUnwrap(try reopened.latestSnapshot(site: "luna"))
        var restored = try JSONDecoder().decode(Tally.self, from: Data(snapshot.state))
        var replayed: [ReplayEvent] = []
        try reopened.replay(site: "luna", after: snapshot) { event in
            restored.apply(event)
            replayed.append(event)
        }
        XCTAssertEqual(restored, live)
        XCTAssertEqual(replayed.count, 4, "late0, early1's and late0's conversions, late1; never the bot")

        // The same state from the whole history, without a snapshot.
        var fromScratch = Tally()
        try reopened.replay(site: "luna", after: nil) { fromScratch.apply($0) }
        XCTAssertEqual(fromScratch, live)
        XCTAssertNil(try reopened.latestSnapshot(site: "sole"))
        try await reopened.close()
    }

    func testReplayOrderAndContent() async throws {
        let store = try EventStore(path: try makeStorePath())
        let d1 = sampleDecision("d1", variant: "a", atMilliseconds: 100)
        let d2 = sampleDecision("d2", variant: "b", atMilliseconds: 300)
        store.recordDecision(d1)
        store.recordDecision(d2)
        store.recordDecision(sampleDecision("other-site", site: "sole", atMilliseconds: 150))
        let c1 = sampleConversion("d1", value: 4, atMilliseconds: 200)
        _ = try await store.recordConversion(c1)

        var events: [ReplayEvent] = []
        try store.replay(site: "luna", after: nil) { events.append($0) }
        XCTAssertEqual(events, [.decision(d1), .conversion(c1, decision: d1), .decision(d2)])
        try await store.close()
    }

    func testSnapshotMarksCoverOnlyEventsRecordedBeforeIt() async throws {
        let store = try EventStore(path: try makeStorePath())
        store.recordDecision(sampleDecision("before"))
        try await store.saveSnapshot(site: "luna", state: [1, 2, 3])
        store.recordDecision(sampleDecision("after"))
        try await store.flush()

        let snapshot = try XCTUnwrap(try store.latestSnapshot(site: "luna"))
        XCTAssertEqual(snapshot.state, [1, 2, 3])
        var ids: [String] = []
        try store.replay(site: "luna", after: snapshot) { event in
            if case .decision(let decision) = event { ids.append(decision.id) }
        }
        XCTAssertEqual(ids, ["after"])

        // Only the newest few snapshots are kept; the latest wins.
        for round in 0..<5 { try await store.saveSnapshot(site: "luna", state: [UInt8(round)]) }
        XCTAssertEqual(try store.latestSnapshot(site: "luna")?.state, [4])
        try await store.close()
    }

    /// Thousands of impressions around a snapshot, spanning several writer batches (which run while the
    /// caller keeps appending): the marks still split them exactly at the call.
    func testSnapshotMarksAreExactAcrossBatches() async throws {
        let store = try EventStore(path: try makeStorePath())
        for index in 0..<10_000 { store.recordDecision(sampleDecision("before\(index)")) }
        try await store.saveSnapshot(site: "luna", state: [])
        for index in 0..<10_000 { store.recordDecision(sampleDecision("after\(index)")) }
        try await store.flush()

        let snapshot = try XCTUnwrap(try store.latestSnapshot(site: "luna"))
        XCTAssertEqual(snapshot.state, [])
        var ids: [String] = []
        try store.replay(site: "luna", after: snapshot) { event in
            if case .decision(let decision) = event { ids.append(decision.id) }
        }
        XCTAssertEqual(ids, (0..<10_000).map { "after\($0)" })
        try await store.close()
    }
}
