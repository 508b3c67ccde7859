import Foundation
import TestKit
import XCTest

/// Failures under load (issue #21 item 5), for real: three `sitegen serve --store` processes on
/// one throwaway PostgreSQL 15 (`PostgresCluster`), visitors from `VisitorLoad` on all of them
/// while PostgreSQL stops for 30 s, or while one node is killed with `kill -9` and restarted.
/// Afterwards PostgreSQL must hold every conversion a node acknowledged, once, and nothing no
/// node acknowledged.
final class PostgresUnderLoadTests: XCTestCase {
    private static let database = "sitegen_test"

    func testThirtySecondsWithoutPostgresUnderLoadLoseAndDoubleNothing() async throws {
        let (cluster, nodes, fixtures) = try await startNodes()
        let load = VisitorLoad(ports: nodes.map(\.port), workers: 6)
        load.start()
        try await everyNode(of: nodes, load, phase: 0, recordsAtLeast: 10)

        try cluster.stop()
        let stopped = ContinuousClock.now
        load.phase = 1
        try await eventually(within: 20, "every node says degraded") {
            try nodes.allSatisfy { node in
                let health = try Self.health(node.port)
                return health.status == 200 && health.json["degraded"] as? Bool == true
                    && health.json["sharedStore"] as? String == "unreachable"
            }
        }
        // Keep PostgreSQL away for 30 s under load: this is the failure being tested, not a wait
        // for a state.
        try await Task.sleep(until: stopped + .seconds(30), clock: .continuous)
        for node in nodes {
            let health = try Self.health(node.port)
            XCTAssertEqual(health.status, 200, "degraded, not down")
            XCTAssertEqual(health.json["degraded"] as? Bool, true)
            let unshipped = try XCTUnwrap(health.json["unshipped"] as? [String: Any])
            XCTAssertGreaterThan(unshipped["conversions"] as? Int ?? 0, 0, "conversions wait in the outbox")
        }
        try cluster.start()
        load.phase = 2
        try await everyNode(of: nodes, load, phase: 2, recordsAtLeast: 10)
        try await load.stop()

        for node in nodes.indices {
            let during = load.tally(phase: 1, node: node)
            XCTAssertGreaterThan(during.pages, 50, "node \(node) served new visitors without PostgreSQL")
            XCTAssertGreaterThan(during.returning, 20, "node \(node) served returning visitors without PostgreSQL")
            XCTAssertGreaterThan(during.recorded, 20, "node \(node) acknowledged conversions without PostgreSQL")
            for phase in 0...2 {
                // As in the kill test: a rare failed connect is the loaded client's, a down node refuses hundreds.
                XCTAssertLessThanOrEqual(load.tally(phase: phase, node: node).refused, 2, "no node was down")
                XCTAssertEqual(load.tally(phase: phase, node: node).unanswered, 0, "every request was answered")
            }
        }
        // A conversion for a decision another node made during the outage cannot be looked up: it
        // is accepted (202), kept, and joined once PostgreSQL is back (checked below: exactly once).
        XCTAssertGreaterThan((0..<3).map { load.tally(phase: 1, node: $0).pending }.reduce(0, +), 0)
        XCTAssertEqual(load.abandoned, [], "every conversion was acknowledged in the end")
        XCTAssertEqual(load.unexpected, [])

        try await assertEveryPromiseKeptOnce(cluster, nodes, fixtures, load, lost: [])
    }

    func testKill9OfANodeUnderLoadLosesAndDoublesNoAcknowledgedConversion() async throws {
        let (cluster, nodes, fixtures) = try await startNodes()
        var serving = nodes
        let load = VisitorLoad(ports: nodes.map(\.port), workers: 8)
        load.start()
        // Several seconds of load first, so the kill lands among shipments, pulls and requests.
        try await everyNode(of: nodes, load, phase: 0, recordsAtLeast: 150)

        let victim = nodes[0]
        victim.kill(SIGKILL)
        let killed = ContinuousClock.now
        victim.process.waitUntilExit()
        load.phase = 1
        XCTAssertEqual(victim.process.terminationReason, .uncaughtSignal)
        try await eventually(within: 60, "the other nodes keep acknowledging") {
            (1..<3).allSatisfy { load.tally(phase: 1, node: $0).recorded >= 50 }
        }
        let restarted = try await ServeProcess.start(
            fixtures[0], arguments: Self.arguments(cluster, node: "a"), port: victim.port)
        serving[0] = restarted
        defer { restarted.kill(SIGKILL) }
        load.phase = 2
        try await everyNode(of: serving, load, phase: 2, recordsAtLeast: 50)
        try await load.stop()

        XCTAssertGreaterThan(load.tally(phase: 1, node: 0).refused, 0, "the load went on while the node was down")
        // A node that was down would refuse hundreds; a connect that fails now and then on a loaded
        // machine (the load opens a connection per request) is the client's, not the node's.
        for node in 1..<3 {
            for phase in 0...2 { XCTAssertLessThanOrEqual(load.tally(phase: phase, node: node).refused, 2) }
        }
        XCTAssertEqual(load.abandoned, [], "every conversion was acknowledged in the end")
        XCTAssertEqual(load.unexpected, [])
        let acknowledgedByVictim = load.acknowledged.filter { $0.value.node == 0 && $0.value.at < killed }
        XCTAssertGreaterThanOrEqual(acknowledgedByVictim.count, 150)

        // Pages are answered before their impression is committed (every 2 ms, in batches), so a
        // `kill -9` loses the decisions of the pages answered in its last moments. A conversion
        // for one of them is answered 202 (its decision may still arrive) and never joined: the
        // documented cost of a node's crash. Only those may be missing.
        let decisions = try Self.rows("SELECT id FROM decisions", cluster)
        let lost = Set(
            load.issued.filter { id, issued in
                issued.node == 0 && issued.at > killed - .seconds(1) && issued.at <= killed
                    && !decisions.contains(id)
            }.keys)
        print("kill -9 under load: \(lost.count) decisions answered in the last second before the kill were lost")
        XCTAssertLessThanOrEqual(lost.count, 20)
        try await assertEveryPromiseKeptOnce(cluster, serving, fixtures, load, lost: lost)
    }

    // MARK: - Helpers

    private static func arguments(_ cluster: PostgresCluster, node: String) -> [String] {
        ["--store", cluster.url(database: database), "--node", node]
    }

    /// A fresh cluster and three nodes (a, b, c) on it, each with its own dist and database;
    /// all removed when the test ends.
    private func startNodes() async throws -> (PostgresCluster, [ServeProcess], [DistFixture]) {
        let cluster = try PostgresCluster()
        addTeardownBlock { cluster.remove() }
        try cluster.createDatabase(Self.database)
        var nodes: [ServeProcess] = []
        var fixtures: [DistFixture] = []
        for name in ["a", "b", "c"] {
            let fixture = try DistFixture()
            addTeardownBlock { fixture.remove() }
            fixtures.append(fixture)
            let node = try await ServeProcess.start(fixture, arguments: Self.arguments(cluster, node: name))
            addTeardownBlock { node.kill(SIGKILL) }
            nodes.append(node)
        }
        return (cluster, nodes, fixtures)
    }

    /// Waits until every node has recorded `count` conversions in `phase`.
    private func everyNode(
        of nodes: [ServeProcess], _ load: VisitorLoad, phase: Int, recordsAtLeast count: Int
    ) async throws {
        try await eventually(within: 90, "every node records \(count) conversions in phase \(phase)") {
            nodes.indices.allSatisfy { load.tally(phase: phase, node: $0).recorded >= count }
        }
    }

    /// After the load: every node's outbox drains; then PostgreSQL has each decision handed out
    /// in a cookie and each acknowledged conversion exactly once (but for `lost` decisions'
    /// conversions), and no conversion nobody acknowledged but one whose answer never came.
    /// Each conversion was recorded by one node only: the nodes' own rows add up to PostgreSQL's.
    private func assertEveryPromiseKeptOnce(
        _ cluster: PostgresCluster, _ nodes: [ServeProcess], _ fixtures: [DistFixture], _ load: VisitorLoad,
        lost: Set<String>
    ) async throws {
        let acknowledged = Set(load.acknowledged.keys)
        let expected = acknowledged.subtracting(lost)
        try await eventually(within: 90, "the outboxes drain and the pending conversions join") {
            let drained = try nodes.allSatisfy { node in
                let health = try Self.health(node.port).json
                let unshipped = health["unshipped"] as? [String: Any]
                return health["sharedStore"] as? String == "ok" && unshipped?["decisions"] as? Int == 0
                    && unshipped?["conversions"] as? Int == 0
            }
            let shipped = try cluster.integer("SELECT count(*) FROM conversions", database: Self.database)
            return drained && shipped >= expected.count
        }

        let perDecision = try Self.rows(
            "SELECT decision_id || ' ' || count(*) FROM conversions GROUP BY decision_id", cluster)
        var stored: Set<String> = []
        for row in perDecision {
            let fields = row.split(separator: " ")
            XCTAssertEqual(fields.last, "1", "a conversion stored twice: \(row)")
            stored.insert(String(fields[0]))
        }
        XCTAssertEqual(
            try cluster.integer("SELECT count(*) FROM conversions", database: Self.database), stored.count)
        let missing = expected.subtracting(stored)
        XCTAssertTrue(missing.isEmpty, "acknowledged but not in PostgreSQL: \(missing.count) of \(expected.count)")
        let unexplained = stored.subtracting(acknowledged).subtracting(load.uncertain)
        XCTAssertTrue(unexplained.isEmpty, "in PostgreSQL, never acknowledged: \(unexplained.sorted().prefix(10))")
        XCTAssertTrue(
            stored.isDisjoint(with: lost), "a lost decision's conversion arrived after all: the tolerance is wrong")

        let decisions = try Self.rows("SELECT id FROM decisions", cluster)
        let handedOut = Set(load.issued.keys).subtracting(lost)
        XCTAssertTrue(handedOut.isSubset(of: decisions), "\(handedOut.subtracting(decisions).count) decisions missing")
        XCTAssertEqual(decisions.count, try cluster.integer("SELECT count(*) FROM decisions", database: Self.database))

        // A graceful stop, then each node's own rows (not pulled, not imported) against PostgreSQL.
        for node in nodes {
            node.kill(SIGTERM)
            node.process.waitUntilExit()
            XCTAssertEqual(node.process.terminationStatus, 0, node.sitegen.output.suffix(2_000).description)
        }
        let own = try fixtures.map { try count($0, "SELECT count(*) FROM conversions WHERE origin IS NULL") }
        XCTAssertEqual(Int(own.reduce(0, +)), stored.count, "a conversion recorded by two nodes")
        print(
            "under load: \(load.issued.count) decisions, \(acknowledged.count) conversions acknowledged "
                + "(\(load.acknowledged.values.filter { $0.status == 202 }.count) as 202), "
                + "\(load.uncertain.count) unanswered, \(stored.count) in PostgreSQL")
    }

    private static func health(_ port: Int) throws -> (status: Int, json: [String: Any]) {
        let reply = try LoopbackHTTP.send(port: port, method: "GET", path: "/healthz")
        let json = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any]
        return (reply.status, json ?? [:])
    }

    /// The rows of a one-column query, as a set.
    private static func rows(_ sql: String, _ cluster: PostgresCluster) throws -> Set<String> {
        Set(try cluster.psql(sql, database: database).split(separator: "\n").map(String.init))
    }
}
