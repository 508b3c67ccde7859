import Foundation

/// Everything `sitegen serve` needs to answer requests, written last by `sitegen build` so that a
/// reader never sees a manifest that points at files not yet written.
///
/// Layout of `dist/` (all paths in the manifest are relative to it):
/// ```
/// manifest.json
/// <site>/<variant>/<pretty path>      index.html, menu/index.html, … (+ .gz)
/// <site>/assets/<name>.<hash>.<ext>   fingerprinted, shared by every variant (+ .gz)
/// <site>/qr/<placement>.svg|.png
/// ```
package struct Manifest: Codable, Sendable, Equatable {
    package static let currentFormat = 1

    package var format: Int
    /// Changes whenever any output byte changes; the runtime logs it and `/healthz` reports it.
    package var buildID: String
    package var sites: [SiteManifest]

    package init(format: Int = Manifest.currentFormat, buildID: String, sites: [SiteManifest]) {
        self.format = format
        self.buildID = buildID
        self.sites = sites
    }

    package func site(_ id: String) -> SiteManifest? { sites.first { $0.id == id } }
}

extension Manifest {
    package static let fileName = "manifest.json"

    package static func load(fromDist dist: URL) throws -> Manifest {
        let data = try Data(contentsOf: dist.appendingPathComponent(fileName))
        return try JSONDecoder().decode(Manifest.self, from: data)
    }

    package func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
