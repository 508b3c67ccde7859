import DistFormat
import Foundation
import HummingbirdTesting
import Logging
import Personalize
import SharedStore
import Synchronization
import TestKit
import XCTest

@testable import Runtime

/// Shared learning (issue #21 item 2) against a real PostgreSQL 15 (`PostgresCluster`): every
/// node's model must equal one bandit that learned every shipped event once, whichever node made
/// or converted it, and whatever order they arrived in.
final class SharedLearningTests: XCTestCase {
    private static let quiet: Logger = {
        var logger = Logger(label: "shared-learning-tests")
        logger.logLevel = .critical
        return logger
    }()

    private static func open(_ url: String) async throws -> PostgresSharedStore {
        try await PostgresSharedStore.open(try PostgresURL(parsing: url), logger: Self.quiet)
    }

    func testThreeNodesLearnEveryEventOnceAndANewNodeCatchesUp() async throws {
        let cluster = try PostgresCluster()
        addTeardownBlock { cluster.remove() }
        let name = "sitegen_test"
        try cluster.createDatabase(name)
        let url = cluster.url(database: name)
        let stores = [try await Self.open(url), try await Self.open(url), try await Self.open(url)]
        let fixtures = [try DistFixture(), try DistFixture(), try DistFixture(), try DistFixture()]
        defer { fixtures.forEach { $0.remove() } }
        let reference = try await Self.open(url)
        let manifest = try Manifest.load(fromDist: fixtures[0].dist)
        let site = try XCTUnwrap(manifest.sites.first(where: { $0.id == "luna" }))
        let outboxIDs = Mutex<[String]>([])

        try await withRuntime(fixtures[0], configure: { Self.node(&$0, stores[0], "a") }) { clientA, runtimeA in
            try await withRuntime(fixtures[1], configure: { Self.node(&$0, stores[1], "b") }) { clientB, runtimeB in
                try await withRuntime(fixtures[2], configure: { Self.node(&$0, stores[2], "c") }) {
                    clientC, runtimeC in
                    let nodes = [(clientA, runtimeA), (clientB, runtimeB), (clientC, runtimeC)]
                    // Visitors on every node, on two devices, some converting with values.
                    for (index, (client, _)) in nodes.enumerated() {
                        for visitor in 0..<6 {
                            let agent = visitor % 2 == 0 ? UserAgents.iPhone : UserAgents.desktop
                            let page = try await client.get("/luna/", [("User-Agent", agent)])
                            let cookie = try XCTUnwrap(page.cookiePair)
                            if visitor % 3 == index % 3 {
                                let body = #"{"goal":"reserve","value":\#(visitor + index + 2)}"#
                                let converted = try await client.post("/luna/_convert", body, [("Cookie", cookie)])
                                XCTAssertEqual(converted.status, .ok, converted.text)
                            }
                        }
                        // A bot: recorded everywhere, learned nowhere.
                        _ = try await client.get("/luna/", [("User-Agent", UserAgents.googlebot)])
                    }
                    // One visitor, two nodes: assigned on A, converting on B.
                    let page = try await clientA.get("/luna/")
                    let cookie = try XCTUnwrap(page.cookiePair)
                    // Every decision so far (six visitors and a bot per node, and this one) in
                    // PostgreSQL, so B finds A's.
                    try await eventually("A's decision shipped") {
                        try cluster.integer("SELECT count(*) FROM decisions", database: name) == 3 * 7 + 1
                    }
                    let crossed = try await clientB.post(
                        "/luna/_convert", #"{"goal":"order","value":40}"#, [("Cookie", cookie)])
                    XCTAssertEqual(crossed.status, .ok, crossed.text)

                    var expected: [String: Double] = [:]
                    try await eventually("every node's model equals one replay of every shipped event") {
                        guard nodes.allSatisfy({ $0.1.shipperStatus.current.lag == 0 }) else { return false }
                        expected = try await Self.replayOfEverything(reference, site: site)
                        return nodes.allSatisfy { Self.difference(Self.figures($0.1), expected) == nil }
                    }
                    for (_, runtime) in nodes {
                        XCTAssertNil(Self.difference(Self.figures(runtime), expected))
                    }
                    // The crossed conversion is one conversion in every model, not two on A.
                    let learnedConversions = try cluster.integer(
                        "SELECT count(*) FROM conversions c JOIN decisions d ON d.id = c.decision_id WHERE d.learn",
                        database: name)
                    XCTAssertEqual(learnedConversions, 1 + 6)
                    for (_, runtime) in nodes {
                        let report = try XCTUnwrap(runtime.live.models["luna"]).report()
                        XCTAssertEqual(report.map(\.conversions).reduce(0, +), learnedConversions)
                        XCTAssertEqual(report.map(\.impressions).reduce(0, +), 3 * 6 + 1, "bots are not learned")
                    }
                    let health = try await clientC.get("/healthz").json()
                    let pulled = try XCTUnwrap(health["pulled"] as? [String: Any])
                    XCTAssertEqual(pulled["state"] as? String, "ok")
                    XCTAssertNotNil(pulled["lagP99Seconds"] as? Double)
                    let metrics = try await clientC.get("/metrics").text
                    XCTAssertTrue(metrics.contains("sitegen_shared_pull_lag_seconds{quantile=\"0.99\"}"), metrics)
                    outboxIDs.withLock { $0 = nodes.compactMap { $0.1.store?.outboxID } }
                }
            }
        }

        // Nothing pulled went back: every node shipped exactly its own rows.
        let outboxes = outboxIDs.withLock { $0 }
        XCTAssertEqual(outboxes.count, 3)
        for (fixture, outbox) in zip(fixtures, outboxes) {
            let own = try count(fixture, "SELECT count(*) FROM decisions WHERE origin IS NULL")
            let shipped = try cluster.integer(
                "SELECT count(*) FROM decisions WHERE origin = '\(outbox)'", database: name)
            XCTAssertEqual(Int(own), shipped)
            let foreign = try count(fixture, "SELECT count(*) FROM decisions WHERE origin IS NOT NULL")
            XCTAssertEqual(Int(own + foreign), try cluster.integer("SELECT count(*) FROM decisions", database: name))
            let ownConversions = try count(fixture, "SELECT count(*) FROM conversions WHERE origin IS NULL")
            XCTAssertEqual(
                Int(ownConversions),
                try cluster.integer("SELECT count(*) FROM conversions WHERE origin = '\(outbox)'", database: name))
        }
        let expected = try await Self.replayOfEverything(reference, site: site)

        // A restarted node keeps what it pulled (snapshot and replay include it); a node on an
        // empty database catches up from PostgreSQL.
        try await withRuntime(fixtures[0], configure: { Self.node(&$0, stores[0], "a") }) { _, restarted in
            try await eventually("the restarted node's model is unchanged") {
                Self.difference(Self.figures(restarted), expected) == nil
            }
        }
        let fresh = try await Self.open(url)
        try await withRuntime(fixtures[3], configure: { Self.node(&$0, fresh, "d") }) { _, newNode in
            try await eventually("the new node caught up") {
                Self.difference(Self.figures(newNode), expected) == nil
            }
            XCTAssertEqual(newNode.shipperStatus.current.lag, 0, "it ships none of what it pulled")
        }
        XCTAssertEqual(try count(fixtures[3], "SELECT count(*) FROM decisions WHERE origin IS NULL"), 0)
        for store in stores + [reference, fresh] { await store.close() }
    }

    private static func node(_ options: inout ServerOptions, _ store: PostgresSharedStore, _ name: String) {
        options.sharedStore = store
        options.node = name
    }

    static func figures(_ runtime: SitegenRuntime) -> [String: Double] {
        runtime.live.models["luna"]?.bandit.learnedFigures() ?? [:]
    }

    /// One fresh bandit taught every event PostgreSQL holds, each once, then settled.
    static func replayOfEverything(_ store: PostgresSharedStore, site: SiteManifest) async throws
        -> [String: Double]
    {
        let events = try await store.pull(after: PullCursors(), excluding: "reference", limit: 100_000)
        var bandit = try ModelRestore.restore(site: site, from: nil).bandit
        let caps = RewardCaps(goals: site.goals)
        for pulled in events.decisions where pulled.record.site == site.id && pulled.record.learn {
            bandit.learn(.decision(pulled.record), caps: caps)
        }
        for pulled in events.conversions where pulled.record.site == site.id && pulled.decision.learn {
            bandit.learn(.conversion(pulled.record, decision: pulled.decision), caps: caps)
        }
        bandit.settle()
        return bandit.learnedFigures()
    }

    /// The first figure that differs by more than 1e-9 (relative to its size, at least 1), or nil.
    static func difference(_ actual: [String: Double], _ expected: [String: Double]) -> String? {
        for key in Set(actual.keys).union(expected.keys).sorted() {
            let a = actual[key] ?? 0
            let b = expected[key] ?? 0
            if abs(a - b) > 1e-9 * max(1, abs(a), abs(b)) { return "\(key): \(a) instead of \(b)" }
        }
        return nil
    }
}
