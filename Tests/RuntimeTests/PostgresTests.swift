import Foundation
import HummingbirdTesting
import Logging
import SharedStore
import TestKit
import XCTest

@testable import Runtime

/// The shared store against a real PostgreSQL 15 (`PostgresCluster`): nodes are in-process
/// runtimes, each with its own SQLite file, all shipping to one database.
final class PostgresTests: XCTestCase {
    private static let quiet: Logger = {
        var logger = Logger(label: "postgres-tests")
        logger.logLevel = .critical
        return logger
    }()

    /// A running cluster with a fresh database, removed when the test ends.
    private func database() throws -> (PostgresCluster, String) {
        let cluster = try PostgresCluster()
        addTeardownBlock { cluster.remove() }
        let name = "sitegen_test"
        try cluster.createDatabase(name)
        return (cluster, name)
    }

    private static func open(_ url: String) async throws -> PostgresSharedStore {
        try await PostgresSharedStore.open(try PostgresURL(parsing: url), logger: Self.quiet)
    }

    func testTwoNodesShareCookiesConversionsAndStats() async throws {
        let (cluster, name) = try database()
        let url = cluster.url(database: name)
        let storeA = try await Self.open(url)
        let storeB = try await Self.open(url)
        XCTAssertEqual(storeA.cookieSecret, storeB.cookieSecret, "one secret for every node")
        let fixtureA = try DistFixture()
        let fixtureB = try DistFixture()
        defer {
            fixtureA.remove()
            fixtureB.remove()
        }
        try await withRuntime(
            fixtureA,
            configure: {
                $0.sharedStore = storeA
                $0.node = "node-a"
            }
        ) { clientA, runtimeA in
            try await withRuntime(
                fixtureB,
                configure: {
                    $0.sharedStore = storeB
                    $0.node = "node-b"
                }
            ) { clientB, runtimeB in
                // A visitor assigned on A, converting on B: B honours A's cookie and finds A's
                // decision in PostgreSQL.
                let pageA = try await clientA.get("/luna/")
                let cookieA = try XCTUnwrap(pageA.cookiePair)
                let variantA = try XCTUnwrap(pageA.servedVariant)
                let onB = try await clientB.get("/luna/", [("Cookie", cookieA)])
                XCTAssertEqual(onB.servedVariant, variantA, "B serves the variant A's cookie names")
                try await eventually("A's decision reaches PostgreSQL") {
                    try cluster.integer("SELECT count(*) FROM decisions", database: name) >= 1
                }
                let converted = try await clientB.post(
                    "/luna/_convert", #"{"goal":"reserve","value":7}"#, [("Cookie", cookieA)])
                XCTAssertEqual(converted.status, .ok, converted.text)
                XCTAssertEqual(try converted.json()["duplicate"] as? Bool, false)
                let again = try await clientB.post("/luna/_convert", #"{"goal":"reserve"}"#, [("Cookie", cookieA)])
                XCTAssertEqual(try again.json()["duplicate"] as? Bool, true, again.text)

                // A visitor of B's own, converting on B.
                let pageB = try await clientB.get("/luna/")
                let cookieB = try XCTUnwrap(pageB.cookiePair)
                let own = try await clientB.post("/luna/_convert", #"{"goal":"order"}"#, [("Cookie", cookieB)])
                XCTAssertEqual(own.status, .ok, own.text)

                try await eventually("both nodes' events shipped") {
                    let shipped = try cluster.integer("SELECT count(*) FROM conversions", database: name)
                    return shipped == 2 && runtimeA.shipperStatus.current.lag == 0
                        && runtimeB.shipperStatus.current.lag == 0
                }
                let health = try await clientB.get("/healthz").json()
                XCTAssertEqual(health["sharedStore"] as? String, "ok")
                XCTAssertEqual(health["degraded"] as? Bool, false)
                let metrics = try await clientB.get("/metrics").text
                XCTAssertTrue(metrics.contains("sitegen_shipper_lag_events 0"), metrics)
            }
        }
        // Once each: A's decision (B's copy of it was ignored), B's own, two conversions.
        XCTAssertEqual(try cluster.integer("SELECT count(*) FROM decisions", database: name), 2)
        XCTAssertEqual(try cluster.integer("SELECT count(*) FROM decisions WHERE node = 'node-a'", database: name), 1)
        XCTAssertEqual(try cluster.integer("SELECT count(*) FROM decisions WHERE learn", database: name), 2)
        XCTAssertEqual(
            try cluster.integer(
                "SELECT count(*) FROM conversions c JOIN decisions d ON d.id = c.decision_id "
                    + "WHERE c.node = 'node-b' AND d.node = 'node-a' AND c.value = 7", database: name), 1)
        // B holds A's decision as pulled from another node (see `importSharedDecision`), so it
        // never ships it back.
        XCTAssertEqual(try count(fixtureB, "SELECT count(*) FROM decisions WHERE origin IS NOT NULL"), 1)

        let stats = try await PostgresSharedStore.stats(try PostgresURL(parsing: url), logger: Self.quiet)
        let luna = stats.filter { $0.site == "luna" }
        XCTAssertEqual(luna.map(\.impressions).reduce(0, +), 2)
        XCTAssertEqual(luna.map(\.learnableImpressions).reduce(0, +), 2)
        XCTAssertEqual(luna.map(\.conversionEvents).reduce(0, +), 2)
        XCTAssertEqual(luna.map(\.conversions).reduce(0, +), 2)
        XCTAssertEqual(luna.map(\.reward).reduce(0, +), 32)
        await storeA.close()
        await storeB.close()
    }

    func testStoppedPostgresKeepsNodesServingAndTheOutboxDrainsAfter() async throws {
        let (cluster, name) = try database()
        let url = cluster.url(database: name)
        let storeA = try await Self.open(url)
        let storeB = try await Self.open(url)
        let fixtureA = try DistFixture()
        let fixtureB = try DistFixture()
        defer {
            fixtureA.remove()
            fixtureB.remove()
        }
        let visitors = 5
        try await withRuntime(fixtureA, configure: { $0.sharedStore = storeA }) { client, runtime in
            try await withRuntime(fixtureB, configure: { $0.sharedStore = storeB }) { clientB, _ in
                let first = try await client.get("/luna/")
                _ = try XCTUnwrap(first.cookiePair)
                try await eventually("the first decision shipped") {
                    try cluster.integer("SELECT count(*) FROM decisions", database: name) == 1
                }
                try cluster.stop()
                // A decision made now stays in A's outbox: B can neither have pulled it nor
                // look it up.
                let outagePage = try await client.get("/luna/")
                let unshippedCookie = try XCTUnwrap(outagePage.cookiePair)

                // PostgreSQL down: pages and conversions are still answered, kept locally.
                for _ in 0..<visitors {
                    let page = try await client.get("/luna/")
                    let cookie = try XCTUnwrap(page.cookiePair)
                    let converted = try await client.post(
                        "/luna/_convert", #"{"goal":"reserve"}"#, [("Cookie", cookie)])
                    XCTAssertEqual(converted.status, .ok, converted.text)
                }
                try await eventually("the shipper finds the shared store unreachable, every conversion waiting") {
                    let status = runtime.shipperStatus.current
                    return status.reachable == false && status.unshippedConversions == visitors
                        && status.unshippedDecisions == visitors + 1
                }
                let health = try await client.get("/healthz")
                XCTAssertEqual(health.status, .ok, "degraded, not down")
                let answer = try health.json()
                XCTAssertEqual(answer["sharedStore"] as? String, "unreachable")
                XCTAssertEqual(answer["degraded"] as? Bool, true)
                let unshipped = try XCTUnwrap(answer["unshipped"] as? [String: Any])
                XCTAssertEqual(unshipped["conversions"] as? Int, visitors)
                // Another node's decision cannot be looked up now, and a beacon does not retry: the
                // conversion is accepted (202), kept on B, and joined once PostgreSQL is back.
                let foreign = try await clientB.post(
                    "/luna/_convert", #"{"goal":"reserve"}"#, [("Cookie", unshippedCookie)])
                XCTAssertEqual(foreign.status, .accepted, foreign.text)
                XCTAssertEqual(try count(fixtureB, "SELECT count(*) FROM pending_joins"), 1)

                try cluster.start()
                try await eventually("the outbox drained into PostgreSQL") {
                    let shipped = try cluster.integer("SELECT count(*) FROM conversions", database: name)
                    return shipped == visitors && runtime.shipperStatus.current.lag == 0
                }
                XCTAssertEqual(runtime.shipperStatus.current.reachable, true)
                try await eventually("B joined the kept conversion to A's decision") {
                    try count(fixtureB, "SELECT count(*) FROM pending_joins") == 0
                }
                // A retry changes nothing: the conversion is counted once.
                let retried = try await clientB.post(
                    "/luna/_convert", #"{"goal":"reserve"}"#, [("Cookie", unshippedCookie)])
                XCTAssertEqual(retried.status, .ok, retried.text)
                XCTAssertEqual(try retried.json()["duplicate"] as? Bool, true, retried.text)
            }
        }
        try await eventually("B's conversion shipped at its shutdown") {
            try cluster.integer("SELECT count(*) FROM conversions", database: name) == visitors + 1
        }
        XCTAssertEqual(try cluster.integer("SELECT count(*) FROM decisions", database: name), visitors + 2)
        XCTAssertEqual(try count(fixtureA, "SELECT count(*) FROM decisions"), Int64(visitors + 2))
        await storeA.close()
        await storeB.close()
    }

    func testNodesStartingAtOnceMigrateOnceAndShareOneSecret() async throws {
        let (cluster, name) = try database()
        let url = cluster.url(database: name)
        async let first = Self.open(url)
        async let second = Self.open(url)
        async let third = Self.open(url)
        let stores = try await [first, second, third]
        XCTAssertEqual(Set(stores.map(\.cookieSecret)).count, 1)
        XCTAssertEqual(
            try cluster.integer("SELECT count(*) FROM sitegen_schema", database: name),
            3, "one row per version, each applied once")
        XCTAssertEqual(try cluster.integer("SELECT count(*) FROM meta", database: name), 1)
        for store in stores { await store.close() }
    }

    func testStartFailuresAreClearAndNeverShowThePassword() async throws {
        let (cluster, name) = try database()
        let wrong = "not-the-password-4711"
        do {
            _ = try await Self.open(cluster.url(database: name, password: wrong))
            XCTFail("a wrong password was accepted")
        } catch let error as SharedStoreError {
            guard case .authenticationFailed = error else { return XCTFail("\(error)") }
            XCTAssertTrue(error.description.contains("127.0.0.1:\(cluster.port)/\(name)"), error.description)
            XCTAssertFalse(error.description.contains(wrong), error.description)
        }

        let (closedPort, _) = try database()
        let unreachable = closedPort.url(database: name)
        try closedPort.stop()
        do {
            _ = try await Self.open(unreachable)
            XCTFail("a stopped server was reached")
        } catch let error as SharedStoreError {
            guard case .unreachable = error else { return XCTFail("\(error)") }
            XCTAssertFalse(error.description.contains(closedPort.password), error.description)
        }

        let store = try await Self.open(cluster.url(database: name))
        await store.close()
        try cluster.psql("INSERT INTO sitegen_schema (version) VALUES (99)", database: name)
        do {
            _ = try await Self.open(cluster.url(database: name))
            XCTFail("a newer schema was accepted")
        } catch let error as SharedStoreError {
            XCTAssertEqual(
                error, .schemaTooNew(target: "127.0.0.1:\(cluster.port)/\(name)", found: 99, supported: 3))
        }
    }

    /// `kill -9` of a node: what it acknowledged is in its SQLite outbox, and ships once it runs
    /// again, each event once.
    func testConversionsAcknowledgedBeforeKill9ReachPostgresAfterRestart() async throws {
        let (cluster, name) = try database()
        let fixture = try DistFixture()
        defer { fixture.remove() }
        let arguments = ["--store", cluster.url(database: name), "--node", "killed"]
        let first = try await ServeProcess.start(fixture, arguments: arguments)
        defer { first.kill(SIGKILL) }
        var acknowledged = 0
        for _ in 0..<20 {
            let page = try LoopbackHTTP.send(
                port: first.port, method: "GET", path: "/luna/", headers: ["User-Agent": UserAgents.iPhone])
            let cookie = String(try XCTUnwrap(page.headers["set-cookie"]).prefix { $0 != ";" })
            let reply = try LoopbackHTTP.send(
                port: first.port, method: "POST", path: "/luna/_convert",
                headers: ["Cookie": cookie, "Content-Type": "application/json"], body: #"{"goal":"order"}"#)
            if reply.status == 200 { acknowledged += 1 }
        }
        first.kill(SIGKILL)
        first.process.waitUntilExit()
        XCTAssertEqual(acknowledged, 20)
        let shippedBefore = try cluster.integer("SELECT count(*) FROM conversions", database: name)
        XCTAssertLessThanOrEqual(shippedBefore, acknowledged)

        let second = try await ServeProcess.start(fixture, arguments: arguments)
        defer { second.kill(SIGKILL) }
        try await eventually("every acknowledged conversion shipped after the restart") {
            try cluster.integer("SELECT count(*) FROM conversions", database: name) == acknowledged
        }
        XCTAssertEqual(try cluster.integer("SELECT count(*) FROM decisions", database: name), acknowledged)
        second.kill(SIGTERM)
        second.process.waitUntilExit()
        XCTAssertEqual(second.process.terminationStatus, 0, "a graceful stop")
    }

    func testServeRefusesAWrongPasswordAtStartWithoutPrintingIt() async throws {
        let (cluster, name) = try database()
        let fixture = try DistFixture()
        defer { fixture.remove() }
        let wrong = "not-the-password-0815"
        let process = try SitegenProcess([
            "serve", "--dist", fixture.dist.path, "--db", fixture.database.path, "--port", "0",
            "--store", cluster.url(database: name, password: wrong),
        ])
        defer { process.kill(SIGKILL) }
        let status = try await process.exitStatus(within: 60)
        XCTAssertNotEqual(status, 0)
        XCTAssertTrue(process.output.contains("refused user 'postgres'"), process.output)
        XCTAssertFalse(process.output.contains(wrong), process.output)
    }
}
