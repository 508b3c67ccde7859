import Foundation
import XCTest

/// The `sitegen` binary that `make test` builds beside the tests, for the real-process tests
/// (signals, `kill -9`, the preview in a browser).
package enum SitegenExecutable {
    /// `.build/debug/sitegen`, beside the test bundle or under the package root. Missing, the test
    /// skips on a developer's machine but fails under `CI=true`: CI must never pass a durability
    /// test it did not run.
    package static func url() throws -> URL {
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        let candidates = [
            bundleFolder.appendingPathComponent("sitegen"),
            PackageRoot.path(".build/debug/sitegen"),
        ]
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        try Prerequisite.missing(
            "no sitegen binary beside the tests or in .build/debug: run `swift build` (make test does)")
    }
}
