import Foundation

/// The official spec suites, copied into `Tests/Fixtures/specs` with their licences and sources
/// (`SOURCE.md` beside each), so a clone needs nothing beside it to run them.
package enum VendoredSpec {
    /// `Tests/Fixtures/specs/mustache/<name>.json` (MIT).
    package static func mustache(_ name: String) -> URL {
        PackageRoot.path("Tests/Fixtures/specs/mustache/\(name).json")
    }

    /// `Tests/Fixtures/specs/commonmark/spec.json` (CC BY-SA 4.0).
    package static var commonMark: URL {
        PackageRoot.path("Tests/Fixtures/specs/commonmark/spec.json")
    }
}
