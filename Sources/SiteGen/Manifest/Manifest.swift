import Foundation
import Personalize
import Templates

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

public struct SiteManifest: Codable, Sendable, Equatable {
    /// The site's folder name; its URLs live under `/<id>/`.
    public var id: String
    public var title: String
    public var baseURL: String
    /// IANA zone used for the `hour` and `weekday` features.
    public var timezone: String
    /// Hash of every input byte of this site (sources, template, config, tool version): an
    /// unchanged hash lets a rebuild reuse the previous output.
    public var inputHash: String
    public var personalize: PersonalizeConfig
    public var goals: [GoalManifest]
    /// Where `/<site>/_go/<goal>?to=…` may send a visitor: absolute URLs or paths within the site.
    public var destinations: [String]
    public var variants: [VariantManifest]
    public var assets: [FileEntry]
    public var qr: [QRManifest]

    public init(
        id: String, title: String, baseURL: String, timezone: String, inputHash: String,
        personalize: PersonalizeConfig, goals: [GoalManifest], destinations: [String],
        variants: [VariantManifest], assets: [FileEntry], qr: [QRManifest]
    ) {
        self.id = id
        self.title = title
        self.baseURL = baseURL
        self.timezone = timezone
        self.inputHash = inputHash
        self.personalize = personalize
        self.goals = goals
        self.destinations = destinations
        self.variants = variants
        self.assets = assets
        self.qr = qr
    }

    public func variant(_ id: String) -> VariantManifest? { variants.first { $0.id == id } }
}

public struct GoalManifest: Codable, Sendable, Equatable {
    public var id: String
    /// Reward when the conversion reports no value of its own.
    public var value: Double

    public init(id: String, value: Double) {
        self.id = id
        self.value = value
    }
}

public struct VariantManifest: Codable, Sendable, Equatable {
    public var id: String
    public var params: [String: TemplateValue]
    /// A redirect variant has no pages: the runtime answers 302 to this URL.
    public var redirect: String?
    public var pages: [FileEntry]

    public init(
        id: String, params: [String: TemplateValue], redirect: String?, pages: [FileEntry]
    ) {
        self.id = id
        self.params = params
        self.redirect = redirect
        self.pages = pages
    }
}

/// One servable file.
public struct FileEntry: Codable, Sendable, Equatable {
    /// The path below the site's URL prefix, e.g. `menu/index.html` or
    /// `assets/css/site.3f2a1b9c.css`.
    public var path: String
    /// Where the bytes are, relative to `dist/`.
    public var file: String
    public var contentType: String
    public var size: Int
    /// Hex SHA-256 of the bytes; the runtime derives its ETag from it.
    public var sha256: String
    /// The gzip copy beside the file, when one was written.
    public var gzipFile: String?
    public var gzipSize: Int?

    public init(
        path: String, file: String, contentType: String, size: Int, sha256: String,
        gzipFile: String? = nil, gzipSize: Int? = nil
    ) {
        self.path = path
        self.file = file
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.gzipFile = gzipFile
        self.gzipSize = gzipSize
    }
}

public struct QRManifest: Codable, Sendable, Equatable {
    public var placement: String
    /// The variant this placement pins, if any.
    public var variant: String?
    /// Exactly the text encoded in the symbol.
    public var url: String
    public var svg: String
    public var png: String
    /// Modules per side, without the quiet zone.
    public var modules: Int

    public init(
        placement: String, variant: String?, url: String, svg: String, png: String, modules: Int
    ) {
        self.placement = placement
        self.variant = variant
        self.url = url
        self.svg = svg
        self.png = png
        self.modules = modules
    }
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
