import NIOHTTP1
import XCTest

@testable import Runtime

/// Whom the per-client limits count: the peer, or the last `X-Forwarded-For` element when the
/// peer is a proxy this server trusts (loopback, or one named by `--trusted-proxy`).
final class ClientKeyTests: XCTestCase {
    func testForwardedForCountsOnlyFromLoopbackAndTrustedProxies() {
        let forwarded = HTTPHeaders([("X-Forwarded-For", "198.51.100.1, 203.0.113.5")])
        let proxies: Set<String> = ["10.0.0.10", "2001:db8::10"]
        // From loopback, as before.
        XCTAssertEqual(SitegenRuntime.clientKey(peer: "127.0.0.1", headers: forwarded), "203.0.113.5")
        // A load balancer on another machine, trusted: its last element is the visitor, whichever
        // way the peer is written (an IPv4 peer of a dual-stack socket is IPv4-mapped).
        for peer in ["10.0.0.10", "::ffff:10.0.0.10", "2001:db8::10"] {
            XCTAssertEqual(
                SitegenRuntime.clientKey(peer: peer, headers: forwarded, proxies: proxies), "203.0.113.5", peer)
        }
        // Anyone else's X-Forwarded-For is their own word: the peer counts.
        XCTAssertEqual(SitegenRuntime.clientKey(peer: "10.0.0.99", headers: forwarded, proxies: proxies), "10.0.0.99")
        XCTAssertEqual(SitegenRuntime.clientKey(peer: "10.0.0.10", headers: forwarded), "10.0.0.10")
        // A trusted proxy that sends no X-Forwarded-For is counted as itself.
        XCTAssertEqual(
            SitegenRuntime.clientKey(peer: "10.0.0.10", headers: HTTPHeaders(), proxies: proxies), "10.0.0.10")
    }
}
