import Foundation
import XCTest

/// Something a test cannot run without (a Debian tool, the built binary). Missing, the test skips
/// on a developer's machine but fails under `CI=true`: CI must never pass a test it did not run.
package enum Prerequisite {
    package static func missing(_ reason: String) throws -> Never {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw PrerequisiteMissing(description: reason)
        }
        throw XCTSkip(reason)
    }
}

/// Thrown instead of `XCTSkip` under `CI=true`, so the run counts a failure.
package struct PrerequisiteMissing: Error, CustomStringConvertible {
    package let description: String
}
