import DistFormat
import Foundation
import Personalize
import Templates

/// A site's `site.yml`, validated; positions are kept for errors found later in the build.
public struct SiteConfig: Sendable {
    public var id: String
    public var file: String
    public var title: String
    public var baseURL: String
    public var template: String
    public var timezone: String
    public var language: String
    public var description: String
    public var params: [String: TemplateValue]
    public var markdown: MarkdownOptions
    public var variants: [VariantConfig]
    public var goals: [GoalManifest]
    public var destinations: [String]
    public var qr: QRSettings
    public var personalize: PersonalizeConfig
    /// Where each setting was written, by dotted path (`base_url`, `qr.placements.1`, …).
    public var locations: [String: SourceLocation]

    public func location(_ path: String) -> SourceLocation {
        locations[path] ?? SourceLocation(file: file, line: 1, column: 1)
    }

    /// `/<site>/`: every URL of the site lives below it.
    public var urlPrefix: String { "/\(id)/" }

    /// `base_url` + `/<site>/`, the address a QR code leads to before its query.
    public var siteURL: String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + urlPrefix
    }
}

public struct VariantConfig: Sendable {
    public var id: String
    public var params: [String: TemplateValue]
    public var redirect: String?
}

public struct QRSettings: Sendable {
    public var errorCorrection = "M"
    public var quietZone = 4
    public var foreground = "#000000"
    public var background = "#ffffff"
    public var scale = 10
    public var force = false
    public var sizeMM = 30.0
    public var logoSize = 0.0
    /// Resolution of the print PNG, which states it in its pHYs chunk.
    var printDPI = 600
    /// Smallest QR version to encode at (0: whatever fits); `uniformVersion` raises it to the
    /// largest any placement needs, so codes printed at one size share one module size.
    var version = 0
    var uniformVersion = false
    /// A PNG below the site's (or template's) `assets/`, drawn over the centre of every code.
    var logo: String?
    public var placements: [Placement] = [Placement(id: "default", variant: nil)]

    /// Keys of the `qr` block that hold one value (their positions are kept for errors).
    static let scalarKeys = [
        "error_correction", "foreground", "background", "quiet_zone", "scale", "size_mm", "logo_size",
        "print_dpi", "version", "uniform_version", "logo",
    ]
    static let printDPIRange = 72...2400
    static let defaultLogoSize = 0.2

    public struct Placement: Sendable {
        public var id: String
        public var variant: String?
    }
}

/// First path segments the server answers itself (`/ml/…` API, `/healthz`, `/metrics`): a site
/// folder of one of these names would build but never be reachable.
public let reservedSiteIDs: Set<String> = ["ml", "healthz", "metrics"]

/// Ids become URL segments, folder names and cookie names: keep them boring.
func isSafeID(_ id: String) -> Bool {
    guard let first = id.utf8.first, id.utf8.count <= 40 else { return false }
    let isLowerOrDigit: (UInt8) -> Bool = { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }
    return isLowerOrDigit(first) && id.utf8.allSatisfy { isLowerOrDigit($0) || $0 == 45 }
}

func isAbsoluteHTTPURL(_ text: String) -> Bool {
    guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
        scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
    else { return false }
    return !text.contains(where: { $0.isWhitespace })
}

/// `scheme://host[:port][/]` and nothing else: QR codes append `/<site>/?src=qr…` to it, so a
/// path, query, fragment or credentials would end up in the middle of every printed URL.
func isHTTPOrigin(_ text: String) -> Bool {
    guard isAbsoluteHTTPURL(text), let parts = URLComponents(string: text) else { return false }
    return parts.user == nil && parts.password == nil && (parts.path == "" || parts.path == "/")
        && parts.percentEncodedQuery == nil && parts.percentEncodedFragment == nil
}
