import Personalize
import XCTest

final class BoundedCacheTests: XCTestCase {
    func testRemembersAndComputesOncePerKey() {
        let cache = BoundedCache<String, Int>(capacity: 8)
        var made = 0
        for _ in 0..<3 {
            XCTAssertEqual(
                cache.value(for: "a") {
                    made += 1; return 1
                }, 1)
        }
        XCTAssertEqual(made, 1)
        XCTAssertEqual(cache.value(for: "b") { 2 }, 2)
        XCTAssertEqual(cache.count, 2)
    }

    /// Hostile keys (a fresh `src` per request) never hold more than `capacity` entries.
    func testNeverHoldsMoreThanItsCapacity() {
        let cache = BoundedCache<Int, Int>(capacity: 16)
        for key in 0..<1000 {
            XCTAssertEqual(cache.value(for: key) { key * 2 }, key * 2)
            XCTAssertLessThanOrEqual(cache.count, 16)
        }
        XCTAssertEqual(cache.value(for: 999) { -1 }, 1998, "the newest key survives a start-over")
    }
}
