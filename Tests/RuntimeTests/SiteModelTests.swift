import Foundation
import Personalize
import XCTest

@testable import Runtime

/// `SiteModel`'s lifecycle: learning, snapshotting, handing over, retired. Each test drives the
/// phases directly and waits on the model's own continuations, never on a clock.
final class SiteModelTests: XCTestCase {
    private func model(_ store: EventStore) throws -> SiteModel {
        let config = PersonalizeConfig(features: ["device"], interactions: [])
        let bandit = try Bandit(variants: ["a", "b"], config: config)
        return SiteModel(site: "luna", bandit: bandit, config: config, store: store)
    }

    private func impressions(_ model: SiteModel) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: model.report().map { ($0.variant, $0.impressions) })
    }

    private func rewards(_ model: SiteModel) -> Double {
        model.report().map(\.reward).reduce(0, +)
    }

    func testLearnsAsItGoesAndASnapshotSettlesTheCount() async throws {
        let store = try EventStore(path: try makeStorePath())
        let model = try model(store)
        model.record(sampleDecision("d1", variant: "a"))
        model.record(sampleDecision("d2", variant: "b"))
        XCTAssertEqual(impressions(model), ["a": 1, "b": 1])
        XCTAssertEqual(model.eventsSinceSnapshot, 2)
        try await model.saveSnapshot()
        XCTAssertEqual(model.eventsSinceSnapshot, 0)
        let saved = try XCTUnwrap(try store.latestSnapshot(site: "luna"))
        let restored = try Bandit(serialized: saved.state, variants: ["a", "b"], config: model.config)
        XCTAssertEqual(restored.report().map(\.impressions), [1, 1])
        try await store.close()
    }

    func testWhatArrivesDuringAHandoverGoesToTheSuccessorInOrder() async throws {
        let store = try EventStore(path: try makeStorePath())
        let old = try model(store)
        old.record(sampleDecision("d1", variant: "a"))
        let learned = await old.beginHandover()
        XCTAssertEqual(learned.report().map(\.impressions), [1, 0])

        // Frozen: the impression waits, and the conversion waits before it is even committed.
        old.record(sampleDecision("d2", variant: "b"))
        XCTAssertEqual(impressions(old), ["a": 1, "b": 0], "nothing is learned while handing over")
        let conversion = Task { try await old.convert(sampleConversion("d1", value: 5)) }

        let successor = SiteModel(site: "luna", bandit: learned, config: old.config, store: store)
        old.retire(to: successor)
        let result = try await conversion.value
        guard case .recorded = result else { return XCTFail("conversion not recorded: \(result)") }

        XCTAssertEqual(impressions(successor), ["a": 1, "b": 1], "the deferred impression reached the successor")
        XCTAssertEqual(rewards(successor), 5, "the waiting conversion was learned by the successor")
        XCTAssertEqual(rewards(old), 0)
        // Late callers of the retired model are forwarded too.
        old.record(sampleDecision("d3", variant: "a"))
        XCTAssertEqual(impressions(successor), ["a": 2, "b": 1])
        try await store.close()
    }

    func testConversionsInFlightHoldTheFreezeUntilTheyAreLearned() async throws {
        let store = try EventStore(path: try makeStorePath())
        let model = try model(store)
        for index in 0..<50 { model.record(sampleDecision("d\(index)", variant: index % 2 == 0 ? "a" : "b")) }
        // Conversions and a snapshot at once: whatever the interleaving, every conversion is
        // either in the snapshot or counted after it, never both and never lost.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask { _ = try await model.convert(sampleConversion("d\(index)", value: 1)) }
            }
            group.addTask { try await model.saveSnapshot() }
            try await group.waitForAll()
        }
        XCTAssertEqual(rewards(model), 50)
        let saved = try XCTUnwrap(try store.latestSnapshot(site: "luna"))
        let snapshotted = try Bandit(serialized: saved.state, variants: ["a", "b"], config: model.config)
        let snapshotReward = snapshotted.report().map(\.reward).reduce(0, +)
        XCTAssertEqual(Double(model.eventsSinceSnapshot), 50 - snapshotReward, "events after the snapshot's marks")
        try await store.close()
    }

    func testAHandoverAskedForDuringASnapshotStartsAfterIt() async throws {
        let store = try EventStore(path: try makeStorePath())
        let model = try model(store)
        model.record(sampleDecision("d1", variant: "a"))
        async let snapshot: Void = model.saveSnapshot()
        async let handover = model.beginHandover()
        let (_, learned) = try await (snapshot, handover)
        XCTAssertEqual(learned.report().map(\.impressions), [1, 0])
        let successor = SiteModel(site: "luna", bandit: learned, config: model.config, store: store)
        model.retire(to: successor)
        // Retired: a later snapshot request is the successor's business.
        try await model.saveSnapshot()
        try await store.close()
    }
}
