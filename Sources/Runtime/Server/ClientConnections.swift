import NIOCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// How many connections each client address holds open on one server, so that one client cannot
/// take more than `limit` of them (a few thousand slow sockets from one address held as many
/// connections, and their buffers, for as long as each was allowed to live).
///
/// A client is a peer address: behind a reverse proxy on the same host every visitor shares the
/// proxy's address, so the limit then applies to the proxy (docs/api.md, "Limits").
final class ClientConnections: Sendable {
    /// A peer's IP address without its port, cheap to hash: no String per connection.
    enum Peer: Hashable, Sendable {
        case v4(UInt32)
        case v6(UInt64, UInt64)

        /// Nil for peers without an IP address (a Unix socket): those are not counted.
        init?(_ address: SocketAddress?) {
            switch address {
            case .v4(let v4):
                self = .v4(v4.address.sin_addr.s_addr)
            case .v6(let v6):
                self = withUnsafeBytes(of: v6.address.sin6_addr) { raw in
                    .v6(
                        raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                        raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                }
            case .unixDomainSocket, .none:
                return nil
            }
        }
    }

    let limit: Int
    private let open = Mutex<[Peer: Int]>([:])

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts a new connection from `peer`: false, and not counted, when `peer` already holds
    /// `limit`.
    func admit(_ peer: Peer) -> Bool {
        open.withLock { open in
            let count = open[peer, default: 0]
            guard count < limit else { return false }
            open[peer] = count + 1
            return true
        }
    }

    /// A connection `admit` counted has closed.
    func release(_ peer: Peer) {
        open.withLock { open in
            let count = open[peer, default: 1] - 1
            open[peer] = count > 0 ? count : nil
        }
    }

    /// Connections `peer` holds now.
    func count(_ peer: Peer) -> Int {
        open.withLock { $0[peer, default: 0] }
    }
}
