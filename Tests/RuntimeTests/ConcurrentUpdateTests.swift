import Foundation
import HummingbirdTesting
import Synchronization
import TestKit
import XCTest

@testable import Runtime

/// A decision is findable from the moment its answer leaves the server: an update sent right
/// after its select is never refused, whatever the store's writer, a snapshot or a reload is
/// doing at that moment (issue #17: 2–11 of every few thousand pairs used to get a 404).
final class ConcurrentUpdateTests: XCTestCase {
    func testConcurrentSelectThenUpdatePairsAreNeverRefused() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        let pairs = ProcessInfo.processInfo.environment["SITEGEN_UPDATE_PAIRS"].flatMap(Int.init) ?? 100_000
        let workers = 16
        try await withRuntime(fixture, mode: .router) { client, runtime in
            let refused = try await withThrowingTaskGroup(of: [String].self) { group in
                // Freezes and handovers as often as they can come: a snapshot of every site in
                // a loop, and a reload of the same dist every few hundred milliseconds.
                let finished = FinishedWorkers()
                group.addTask {
                    var round = 0
                    while finished.count.load(ordering: .relaxed) < workers {
                        await runtime.snapshotAll(force: true)
                        round += 1
                        if round % 50 == 0 { await runtime.reload() }
                    }
                    return []
                }
                for worker in 0..<workers {
                    group.addTask {
                        var refused: [String] = []
                        for _ in stride(from: worker, to: pairs, by: workers) {
                            let select = try await client.post(
                                "/ml/bandit/select", #"{"experimentId":"luna","context":{"device":"mobile"}}"#)
                            guard select.status == .ok else {
                                refused.append("select \(select.status.code): \(select.text)")
                                continue
                            }
                            let answer = try select.json()
                            let id = try XCTUnwrap(answer["decisionId"] as? String)
                            let variant = try XCTUnwrap(answer["variantId"] as? String)
                            let update = try await client.post(
                                "/ml/bandit/update",
                                #"{"decisionId":"\#(id)","experimentId":"luna","variantId":"\#(variant)","converted":true}"#
                            )
                            if update.status != .ok { refused.append("update \(update.status.code): \(update.text)") }
                        }
                        finished.count.add(1, ordering: .relaxed)
                        return refused
                    }
                }
                var all: [String] = []
                for try await refused in group { all += refused }
                return all
            }
            XCTAssertEqual(refused.count, 0, "first refusals: \(refused.prefix(5))")
            XCTAssertGreaterThan(runtime.metrics.shown("sitegen_snapshots_total") ?? 0, 0)
        }
        XCTAssertEqual(try count(fixture, "SELECT count(*) FROM conversions"), Int64(pairs))
    }
}

private final class FinishedWorkers: Sendable {
    let count = Atomic(0)
}
