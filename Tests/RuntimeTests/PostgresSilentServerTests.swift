import Foundation
import Logging
import SharedStore
import TestKit
import XCTest

/// A server that accepts the connection and never answers the startup handshake (a stuck
/// PostgreSQL, a black-holing proxy): opening the shared store must fail with a message, not
/// wait forever. The socket connects; postgres-nio's connect timeout covers the handshake too.
final class PostgresSilentServerTests: XCTestCase {
    func testAServerThatNeverAnswersTheHandshakeIsAnErrorNotAHang() async throws {
        let listener = try LoopbackListener(listening: true)
        defer { withExtendedLifetime(listener) {} }  // listening until the end
        var logger = Logger(label: "silent-server-tests")
        logger.logLevel = .critical
        let url = try PostgresURL(parsing: "postgres://sitegen:secret@127.0.0.1:\(listener.port)/sitegen")
        do {
            _ = try await PostgresSharedStore.open(url, logger: logger)
            XCTFail("a server that never answers opened as a shared store")
        } catch {
            let message = "\(error)"
            XCTAssertTrue(message.contains("cannot reach the shared store"), message)
            XCTAssertFalse(message.contains("secret"), "the password is never shown")
        }
    }
}
