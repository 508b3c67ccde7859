import Foundation
import HummingbirdTesting
import Logging
import SharedStore
import TestKit
import XCTest

@testable import Runtime

/// A conversion that races its decision (#21 item 3): node B receives it before node A has
/// shipped the decision to PostgreSQL. B answers 202, keeps it in its database (through a
/// restart) and records it once the decision arrives; both models then count it once.
final class PendingJoinTests: XCTestCase {
    func testAConversionBeforeItsDecisionIsShippedIsAcceptedKeptAndJoinedOnce() async throws {
        let cluster = try PostgresCluster()
        addTeardownBlock { cluster.remove() }
        let name = "sitegen_test"
        try cluster.createDatabase(name)
        var logger = Logger(label: "pending-join-tests")
        logger.logLevel = .critical
        let url = try PostgresURL(parsing: cluster.url(database: name))
        let sharedA = try await PostgresSharedStore.open(url, logger: logger)
        let storeA = HeldShipments(sharedA)
        let storeB = try await PostgresSharedStore.open(url, logger: logger)
        let fixtureA = try DistFixture()
        let fixtureB = try DistFixture()
        defer {
            fixtureA.remove()
            fixtureB.remove()
        }
        try await withRuntime(fixtureA, apiKey: false, configure: { Self.node(&$0, storeA, "node-a") }) {
            clientA, runtimeA in
            // A visitor whose conversion never finds its decision: dropped once its cookie
            // could no longer be valid, and counted.
            let (first, second) = (try await clientA.get("/luna/"), try await clientA.get("/luna/"))
            let lost = try XCTUnwrap(first.cookiePair)
            let cookie = try XCTUnwrap(second.cookiePair)

            try await withRuntime(fixtureB, configure: { Self.node(&$0, storeB, "node-b") }) { clientB, runtimeB in
                let expiring = try await clientB.post("/luna/_convert", #"{"goal":"order"}"#, [("Cookie", lost)])
                XCTAssertEqual(expiring.status, .accepted, expiring.text)
                await runtimeB.joinPendingConversions(now: Date().addingTimeInterval(31 * 24 * 3600))
                let metrics = try await clientB.get("/metrics").text
                XCTAssertTrue(metrics.contains("sitegen_pending_joins_expired_total 1"), metrics)

                let converted = try await clientB.post(
                    "/luna/_convert", #"{"goal":"reserve","value":7}"#, [("Cookie", cookie)])
                XCTAssertEqual(converted.status, .accepted, converted.text)
                XCTAssertEqual(try converted.json()["pending"] as? Bool, true, converted.text)
                let again = try await clientB.post("/luna/_convert", #"{"goal":"reserve"}"#, [("Cookie", cookie)])
                XCTAssertEqual(again.status, .accepted, "still waiting: the beacon may fire twice")
                let waiting = try XCTUnwrap(runtimeB.store).pendingJoins
                XCTAssertEqual(try waiting.all().count, 1)
            }
            // B stopped with the conversion still waiting; it is in B's database.
            XCTAssertEqual(try count(fixtureB, "SELECT count(*) FROM pending_joins"), 1)
            XCTAssertEqual(try count(fixtureB, "SELECT count(*) FROM conversions"), 0)

            storeA.held.store(false, ordering: .relaxed)
            try await withRuntime(fixtureB, configure: { Self.node(&$0, storeB, "node-b") }) { _, runtimeB in
                try await eventually("B joins the conversion and both nodes learn it") {
                    let shipped = try cluster.integer("SELECT count(*) FROM conversions", database: name)
                    let waiting = try XCTUnwrap(runtimeB.store).pendingJoins.all().count
                    let onA = try XCTUnwrap(runtimeA.store).stats().map(\.conversionEvents).reduce(0, +)
                    return shipped == 1 && waiting == 0 && onA == 1
                }
                let site = try XCTUnwrap(runtimeB.live.deployment.manifest.sites.first { $0.id == "luna" })
                try await eventually("every model equals one replay of PostgreSQL's events") {
                    let expected = try await SharedLearningTests.replayOfEverything(sharedA, site: site)
                    return SharedLearningTests.difference(SharedLearningTests.figures(runtimeA), expected) == nil
                        && SharedLearningTests.difference(SharedLearningTests.figures(runtimeB), expected) == nil
                }
                XCTAssertEqual(runtimeB.metrics.shown("sitegen_pending_joins_joined_total"), 1)
            }
        }
        XCTAssertEqual(try count(fixtureB, "SELECT count(*) FROM conversions"), 1)
        XCTAssertEqual(try count(fixtureA, "SELECT count(*) FROM conversions"), 1)
        XCTAssertEqual(
            try cluster.integer("SELECT count(*) FROM conversions WHERE value = 7 AND node = 'node-b'", database: name),
            1)
        await sharedA.close()
        await storeB.close()
    }

    private static func node(_ options: inout ServerOptions, _ store: any SharedEventStore, _ name: String) {
        options.sharedStore = store
        options.node = name
    }
}
