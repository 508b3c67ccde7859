import Foundation
import XCTest

/// Polls `condition` until it holds, within `seconds`: the shipper and the puller work on their
/// own timers, so their effects are waited for with a deadline, never slept for.
func eventually(
    within seconds: Double = 20, _ what: String, _ condition: () async throws -> Bool
) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    XCTFail("not within \(seconds) s: \(what)")
}
