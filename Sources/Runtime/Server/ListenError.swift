import Foundation
import NIOCore

/// `serve` could not take the address it was given; says which, and what to change.
package struct ListenError: Error, CustomStringConvertible {
    package let host: String
    package let port: Int
    package let reason: String

    package var description: String { "cannot listen on \(host):\(port): \(reason)" }

    /// Resolved before anything else happens, so that a typo in `--host` leaves no database behind.
    static func check(host: String, port: Int) throws(ListenError) {
        do {
            _ = try SocketAddress.makeAddressResolvingHost(host, port: port)
        } catch {
            throw ListenError(host: host, port: port, reason: "'\(host)' is not an address or a known host name")
        }
    }

}

extension ListenError {
    /// The bind failure in words, or nil for errors that are not about the address.
    init?(host: String, port: Int, bindFailure error: any Error) {
        guard let io = error as? IOError else { return nil }
        let reason: String
        switch io.errnoCode {
        case EADDRINUSE:
            reason = "the address is in use (another server on that port?); choose a free one with --port"
        case EADDRNOTAVAIL:
            reason = "no network interface of this machine has that address"
        case EACCES:
            reason = "permission denied (ports below 1024 need privileges); choose another with --port"
        default:
            return nil
        }
        self.init(host: host, port: port, reason: reason)
    }
}
