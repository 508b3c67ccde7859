import Foundation
import Logging
import SharedStore
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// A server that accepts the connection and never answers the startup handshake (a stuck
/// PostgreSQL, a black-holing proxy): opening the shared store must fail with a message, not
/// wait forever. The socket connects; postgres-nio's connect timeout covers the handshake too.
final class PostgresSilentServerTests: XCTestCase {
    func testAServerThatNeverAnswersTheHandshakeIsAnErrorNotAHang() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
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

/// A loopback TCP socket in the listening state that never accepts: the kernel completes each
/// client's connect, and the client's bytes go unanswered.
private final class SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 8) == 0
                    && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard descriptor >= 0, bound else { throw POSIXError(.EADDRNOTAVAIL) }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
