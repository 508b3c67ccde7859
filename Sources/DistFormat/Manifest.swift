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
public struct Manifest: Codable, Sendable, Equatable {
    public static let currentFormat = 1

    public var format: Int
    /// Changes whenever any output byte changes; the runtime logs it and `/healthz` reports it.
    public var buildID: String
    public var sites: [SiteManifest]

    public init(format: Int = Manifest.currentFormat, buildID: String, sites: [SiteManifest]) {
        self.format = format
        self.buildID = buildID
        self.sites = sites
    }

    public func site(_ id: String) -> SiteManifest? { sites.first { $0.id == id } }
}

extension Manifest {
    public static let fileName = "manifest.json"

    public static func load(fromDist dist: URL) throws -> Manifest {
        let data = try Data(contentsOf: dist.appendingPathComponent(fileName))
        return try JSONDecoder().decode(Manifest.self, from: data)
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
