import Foundation
import Logging
import SharedStore
import TestKit
import XCTest

/// TLS to the shared store (`?sslmode=`), against real PostgreSQL 15 servers: one without TLS,
/// one with a self-signed certificate for 127.0.0.1 (`PostgresCluster(tls: true)`).
final class PostgresTLSTests: XCTestCase {
    private static let quiet: Logger = {
        var logger = Logger(label: "postgres-tls-tests")
        logger.logLevel = .critical
        return logger
    }()

    private static let database = "sitegen_test"

    func testServeStopsWhenTLSIsRequiredAndTheServerHasNone() async throws {
        let cluster = try PostgresCluster()
        addTeardownBlock { cluster.remove() }
        try cluster.createDatabase(Self.database)
        let fixture = try DistFixture()
        defer { fixture.remove() }
        let process = try SitegenProcess([
            "serve", "--dist", fixture.dist.path, "--db", fixture.database.path, "--port", "0",
            "--store", cluster.url(database: Self.database) + "?sslmode=require",
        ])
        defer { process.kill(SIGKILL) }
        let status = try await process.exitStatus(within: 60)
        XCTAssertNotEqual(status, 0)
        XCTAssertTrue(
            process.output.contains(
                "no TLS connection to the shared store at 127.0.0.1:\(cluster.port)/\(Self.database): "
                    + "the server does not offer TLS"), process.output)
        XCTAssertFalse(process.output.contains(cluster.password), process.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.database.path), "nothing served")
    }

    func testTLSEncryptsTheConnectionAndVerifiesTheServer() async throws {
        let cluster = try PostgresCluster(tls: true)
        addTeardownBlock { cluster.remove() }
        try cluster.createDatabase(Self.database)
        let url = cluster.url(database: Self.database)

        for query in ["?sslmode=require", "?sslmode=verify-full&sslrootcert=\(cluster.certificate.path)"] {
            let store = try await PostgresSharedStore.open(try PostgresURL(parsing: url + query), logger: Self.quiet)
            // The server's own view: this database's client connections are encrypted.
            let encrypted = try cluster.integer(
                "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) "
                    + "WHERE s.ssl AND a.datname = '\(Self.database)'", database: "postgres")
            XCTAssertGreaterThanOrEqual(encrypted, 1, query)
            let plain = try cluster.integer(
                "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) "
                    + "WHERE NOT s.ssl AND a.datname = '\(Self.database)' AND a.client_addr IS NOT NULL",
                database: "postgres")
            XCTAssertEqual(plain, 0, query)
            await store.close()
        }

        // A certificate that no given root signed: refused, saying why, for each way of checking it.
        let stranger = try PostgresCluster(tls: true)
        addTeardownBlock { stranger.remove() }
        for query in [
            "?sslmode=verify-full&sslrootcert=\(stranger.certificate.path)",
            "?sslmode=verify-ca&sslrootcert=\(stranger.certificate.path)",
            "?sslmode=verify-full",
        ] {
            do {
                let store = try await PostgresSharedStore.open(
                    try PostgresURL(parsing: url + query), logger: Self.quiet)
                await store.close()
                XCTFail("an unverified certificate was accepted: \(query)")
            } catch {
                guard case .tls(let target, let detail) = error else { return XCTFail("\(query): \(error)") }
                XCTAssertEqual(target, "127.0.0.1:\(cluster.port)/\(Self.database)")
                XCTAssertTrue(detail.contains("certificate is not signed by the root certificate"), detail)
            }
        }
        // A root certificate file that is not there: refused before anything is sent.
        do {
            _ = try await PostgresSharedStore.open(
                try PostgresURL(parsing: url + "?sslmode=verify-full&sslrootcert=/nonexistent/root.pem"),
                logger: Self.quiet)
            XCTFail("a missing root certificate was accepted")
        } catch {
            guard case .tls(_, let detail) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(detail.contains("sslrootcert"), detail)
        }
    }
}
