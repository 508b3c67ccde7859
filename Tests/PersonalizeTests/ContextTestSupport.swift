// swift-format-ignore-file: NeverForceUnwrap

// Test fixtures: a nil here is a broken test, and crashing says so loudest.
import Foundation
import Personalize

/// Shared helpers for the Context* tests.
enum ContextTestSupport {
    static let utc = TimeZone(identifier: "UTC")!

    /// `2026-03-29T01:30:00Z`-style instants, parsed without Foundation formatters' locale traps.
    static func instant(_ iso: String) -> Date {
        let parts = iso.split(whereSeparator: { "-T:Z".contains($0) }).map { Int($0)! }
        var components = DateComponents()
        (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
        (components.hour, components.minute, components.second) = (parts[3], parts[4], parts[5])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        return calendar.date(from: components)!
    }

    static func extractor(zone: String) -> ContextExtractor {
        ContextExtractor(timeZone: TimeZone(identifier: zone)!)
    }

    /// Folder of this test file, so fixtures are found without a SwiftPM `resources:` entry.
    static func fixture(_ name: String, file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Fixtures")
            .appendingPathComponent(name)
    }
}
