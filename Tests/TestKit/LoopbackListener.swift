import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP socket bound to 127.0.0.1 on a port the kernel picks. Closed at once, it names a free
/// port (`PostgresCluster`); listening and never accepting, it is a server that takes every
/// connection and never answers. Closed on deinit.
package final class LoopbackListener {
    package let fd: Int32
    package let port: Int

    /// `listening`: also accept connections into the backlog (the kernel completes each client's
    /// connect; nothing reads what they send).
    package init(listening: Bool) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackHTTP.Failure(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = fd
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && (!listening || listen(fd, 8) == 0)
                    && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            let failure = errno
            close(fd)
            throw LoopbackHTTP.Failure(description: "bind() or listen() on 127.0.0.1 failed: errno \(failure)")
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }
}
