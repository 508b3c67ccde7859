import Foundation

/// The folder holding Package.swift, found by walking up from this file, so tests read fixtures
/// and binaries the same way whatever folder `swift test` was started in.
package enum PackageRoot {
    package static let url: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return folder
            }
            folder.deleteLastPathComponent()
        }
        // Unreachable inside the package; the current folder is the best remaining guess.
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// A file under the package root, e.g. `path("sites/luna/site.yml")`.
    package static func path(_ relative: String) -> URL {
        url.appendingPathComponent(relative)
    }
}
