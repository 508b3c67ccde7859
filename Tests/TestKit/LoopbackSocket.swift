import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A connected TCP socket to 127.0.0.1 with send and receive timeouts, so a dead server fails the
/// test instead of hanging it. Closed on deinit.
package final class LoopbackSocket {
    package let fd: Int32

    /// `source`: another loopback address to connect from (any of 127.0.0.0/8), so a test's
    /// connections are counted apart from the test client's own.
    package init(port: Int, timeoutSeconds: Int = 10, source: String? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackHTTP.Failure(description: "socket() failed") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if let source, Self.call(bind, fd, address: source, port: 0) != 0 {
            let failure = errno
            close(fd)
            throw LoopbackHTTP.Failure(description: "bind() to \(source) failed: errno \(failure)")
        }
        guard Self.call(connect, fd, address: "127.0.0.1", port: port) == 0 else {
            let failure = errno
            close(fd)
            throw LoopbackHTTP.Failure(description: "connect() to port \(port) failed: errno \(failure)")
        }
    }

    /// `bind` or `connect` with an IPv4 address and port.
    private static func call(
        _ function: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32, _ fd: Int32, address: String, port: Int
    ) -> Int32 {
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = in_port_t(UInt16(port).bigEndian)
        socketAddress.sin_addr.s_addr = inet_addr(address)
        return withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                function(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }

    deinit { close(fd) }

    /// Writes all of `bytes`. A server that answers early and closes must not kill the test with
    /// SIGPIPE (MSG_NOSIGNAL); what it answered can still be read.
    package func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EPIPE { return }
            guard n > 0 else { throw LoopbackHTTP.Failure(description: "send() failed: errno \(errno)") }
            sent += n
        }
    }

    /// One read: the bytes that arrived, empty at end of stream, nil when the receive timed out.
    package func receive(max: Int = 16 * 1024) throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: max)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return nil }
        guard n >= 0 else { throw LoopbackHTTP.Failure(description: "recv() failed: errno \(errno)") }
        return Array(buffer[0..<n])
    }

    /// Everything until the server closes the connection.
    package func receiveToEnd() throws -> [UInt8] {
        var received: [UInt8] = []
        while true {
            guard let chunk = try receive() else {
                throw LoopbackHTTP.Failure(description: "timed out waiting for the server to close")
            }
            if chunk.isEmpty { return received }
            received.append(contentsOf: chunk)
        }
    }
}
