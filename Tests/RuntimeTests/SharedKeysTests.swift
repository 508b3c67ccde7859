import Foundation
import HummingbirdTesting
import Logging
import SharedStore
import TestKit
import XCTest

@testable import Runtime

/// API keys in the shared store (#21 item 4): `sitegen keys --store` against a real PostgreSQL,
/// two in-process nodes taking their keys from it.
final class SharedKeysTests: XCTestCase {
    /// Runs `sitegen keys <arguments>` to the end: its exit status and everything it printed.
    private static func keys(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = try SitegenProcess(["keys"] + arguments)
        defer { process.kill(SIGKILL) }
        let status = try await process.exitStatus()
        return (status, process.output)
    }

    private static func status(_ client: any TestClientProtocol, _ key: String) async throws -> Int {
        try await client.get("/ml/models", [("X-Api-Key", key)]).status.code
    }

    func testAKeyMadeOnceOpensEveryNodeAndRevokedClosesEveryNode() async throws {
        let cluster = try PostgresCluster()
        addTeardownBlock { cluster.remove() }
        try cluster.createDatabase("sitegen_test")
        let url = cluster.url(database: "sitegen_test")
        var logger = Logger(label: "shared-keys-tests")
        logger.logLevel = .critical
        let storeA = try await PostgresSharedStore.open(try PostgresURL(parsing: url), logger: logger)
        let storeB = try await PostgresSharedStore.open(try PostgresURL(parsing: url), logger: logger)
        let fixtureA = try DistFixture()
        let fixtureB = try DistFixture()
        defer {
            fixtureA.remove()
            fixtureB.remove()
        }
        try await withRuntime(fixtureA, apiKey: false, configure: { Self.node(&$0, storeA) }) { clientA, runtimeA in
            try await withRuntime(fixtureB, apiKey: false, configure: { Self.node(&$0, storeB) }) { clientB, _ in
                // Made while both nodes run: each picks it up at its next reload.
                let created = try await Self.keys(["create", "--store", url, "--scope", "read", "--name", "dashboard"])
                XCTAssertEqual(created.status, 0, created.output)
                XCTAssertFalse(created.output.contains(cluster.password), "the password is never printed")
                let key = String(created.output.split(separator: "\n").last ?? "")
                XCTAssertTrue(key.hasPrefix("sgk_"), created.output)
                try await eventually("both nodes accept the key") {
                    let (onA, onB) = (try await Self.status(clientA, key), try await Self.status(clientB, key))
                    return onA == 200 && onB == 200
                }
                let forged = try await Self.status(clientA, "sgk_" + String(key.dropFirst(4).reversed()))
                XCTAssertEqual(forged, 401)

                let id = String(key.dropFirst(4).prefix(16))
                let listed = try await Self.keys(["list", "--store", url])
                XCTAssertEqual(listed.status, 0, listed.output)
                XCTAssertTrue(listed.output.contains(id) && listed.output.contains("dashboard"), listed.output)
                XCTAssertFalse(listed.output.contains(key), "list never shows a key")
                let rows = try cluster.integer(
                    "SELECT count(*) FROM api_keys WHERE id = '\(id)'", database: "sitegen_test")
                XCTAssertEqual(rows, 1)

                // PostgreSQL away: the keys read before keep opening the node.
                try cluster.stop()
                let changed = await runtimeA.reloadSharedKeys()
                XCTAssertFalse(changed, "a failed read changes nothing")
                let duringOutage = try await Self.status(clientA, key)
                XCTAssertEqual(duringOutage, 200)
                try cluster.start()

                let revoked = try await Self.keys(["revoke", "--store", url, id])
                XCTAssertEqual(revoked.status, 0, revoked.output)
                XCTAssertTrue(revoked.output.contains("every node"), revoked.output)
                try await eventually("both nodes refuse the revoked key") {
                    let (onA, onB) = (try await Self.status(clientA, key), try await Self.status(clientB, key))
                    return onA == 401 && onB == 401
                }
                let unknown = try await Self.keys(["revoke", "--store", url, "ffffffffffffffff"])
                XCTAssertNotEqual(unknown.status, 0)
                XCTAssertTrue(unknown.output.contains("'ffffffffffffffff'"), unknown.output)
                XCTAssertFalse(unknown.output.contains(cluster.password), unknown.output)
            }
        }
        await storeA.close()
        await storeB.close()
    }

    private static func node(_ options: inout ServerOptions, _ store: PostgresSharedStore) {
        options.sharedStore = store
        options.keyReloadInterval = .milliseconds(200)
        // Polls for a key not reloaded yet fail; they must not run into the failure limit.
        options.authFailureRateLimit = RateLimit(perSecond: 1_000, burst: 1_000)
    }
}
