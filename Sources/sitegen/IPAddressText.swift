import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An IP address given on the command line, in the form the server sees peers in (`inet_ntop`'s,
/// as NIO prints them), so `--trusted-proxy 2001:DB8:0::1` matches the peer `2001:db8::1`.
enum IPAddressText {
    static func isLiteral(_ text: String) -> Bool { canonicalOrNil(text) != nil }

    /// The address as `inet_ntop` writes it; the text itself when it is not an address.
    static func canonical(_ text: String) -> String { canonicalOrNil(text) ?? text }

    private static func canonicalOrNil(_ text: String) -> String? {
        for family in [AF_INET, AF_INET6] {
            var address = in6_addr()
            guard inet_pton(family, text, &address) == 1 else { continue }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(family, &address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return nil
    }
}
