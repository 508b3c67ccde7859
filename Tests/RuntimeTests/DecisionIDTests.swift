import Foundation
import XCTest

@testable import Runtime

final class DecisionIDTests: XCTestCase {
    /// Ids are 32 lowercase hex digits, unique, and ordered by creation time (so the store's unique
    /// index grows at its right edge), with 80 random bits after the time.
    func testIdsAreHexUniqueAndTimeOrdered() {
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        var ids: [String] = []
        for step in 0..<2_000 {
            ids.append(DecisionID.make(at: start.addingTimeInterval(Double(step / 10) * 0.001)))
        }
        XCTAssertEqual(Set(ids).count, ids.count)
        XCTAssertTrue(ids.allSatisfy { DecisionID.isValid($0[...]) })
        for (earlier, later) in zip(ids, ids.dropFirst()) where earlier.prefix(12) != later.prefix(12) {
            XCTAssertLessThan(earlier, later)
        }
        // The time prefix is the millisecond clock in hex: 1,790,000,000,000 ms.
        XCTAssertEqual(ids.first?.prefix(12), "01a0c4506c00")
        // Within one millisecond the random part differs in many positions, not as a counter.
        let sameInstant = (0..<8).map { _ in DecisionID.make(at: start).dropFirst(12) }
        XCTAssertEqual(Set(sameInstant).count, 8)
    }
}
