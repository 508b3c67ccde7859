import DistFormat
import Foundation

/// `dist/build-state.json`: what the next build needs to know about this one without decoding
/// the manifest (several MB for a large site): per site, the input hash, the input stamp and the
/// template folder the stamp covered.
struct BuildState: Codable, Equatable {
    static let fileName = "build-state.json"

    struct Site: Codable, Equatable {
        var id: String
        var inputHash: String
        /// `InputStamp`'s value when the inputs were old enough to trust it.
        var stamp: String?
        var templateFolder: String
    }

    var buildID: String
    var sites: [Site]

    init(buildID: String, sources: [SiteSource]) {
        self.buildID = buildID
        sites = sources.map { source in
            Site(
                id: source.config.id, inputHash: source.inputHash, stamp: source.inputStamp,
                templateFolder: source.templateFolderURL.standardizedFileURL.path)
        }
    }

    static func load(fromDist dist: URL) -> BuildState? {
        guard let data = try? Data(contentsOf: dist.appendingPathComponent(fileName)) else { return nil }
        return try? JSONDecoder().decode(BuildState.self, from: data)
    }

    func encoded() -> Data? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try? encoder.encode(self)
    }

    /// True when every site of the last build is still the project's site list and none of their
    /// inputs was touched since: then nothing needs to be read.
    func isCurrent(siteIDs: [String], sitesFolder: URL, templatesFolder: URL, dist: URL, now: Date) -> Bool {
        // A state file edited by hand must not send the check walking folders outside the project.
        let templatesPrefix = templatesFolder.standardizedFileURL.path + "/"
        guard sites.map(\.id) == siteIDs, sites.allSatisfy({ $0.templateFolder.hasPrefix(templatesPrefix) }),
            FileManager.default.fileExists(atPath: dist.appendingPathComponent(Manifest.fileName).path)
        else { return false }
        return sites.allSatisfy { site in
            guard let stamp = site.stamp,
                FileManager.default.fileExists(atPath: dist.appendingPathComponent(site.id).path)
            else { return false }
            let current = InputStamp.of(
                siteFolder: sitesFolder.appendingPathComponent(site.id),
                templateFolder: URL(fileURLWithPath: site.templateFolder), now: now)
            return current == stamp
        }
    }
}
