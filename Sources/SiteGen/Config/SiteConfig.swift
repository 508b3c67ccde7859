import DistFormat
import Foundation
import Personalize
import Templates

/// A site's `site.yml`, validated; positions are kept for errors found later in the build.
package struct SiteConfig: Sendable {
    package var id: String
    package var file: String
    package var title: String
    package var baseURL: String
    package var template: String
    package var timezone: String
    package var language: String
    package var description: String
    package var params: [String: TemplateValue]
    package var markdown: MarkdownOptions
    package var variants: [VariantConfig]
    package var goals: [GoalManifest]
    package var destinations: [String]
    package var qr: QRSettings
    package var personalize: PersonalizeConfig
    /// Where each setting was written, by dotted path (`base_url`, `qr.placements.1`, …).
    package var locations: [String: SourceLocation]

    package func location(_ path: String) -> SourceLocation {
        locations[path] ?? SourceLocation(file: file, line: 1, column: 1)
    }

    /// `/<site>/`: every URL of the site lives below it.
    package var urlPrefix: String { "/\(id)/" }

    /// `base_url` + `/<site>/`, the address a QR code leads to before its query.
    package var siteURL: String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + urlPrefix
    }
}

package struct VariantConfig: Sendable {
    package var id: String
    package var params: [String: TemplateValue]
    package var redirect: String?
}

package struct QRSettings: Sendable {
    package var errorCorrection = "M"
    package var quietZone = 4
    package var foreground = "#000000"
    package var background = "#ffffff"
    package var scale = 10
    package var force = false
    package var sizeMM = 30.0
    package var logoSize = 0.0
    /// Resolution of the print PNG, which states it in its pHYs chunk.
    var printDPI = 600
    /// Smallest QR version to encode at (0: whatever fits); `uniformVersion` raises it to the
    /// largest any placement needs, so codes printed at one size share one module size.
    var version = 0
    var uniformVersion = false
    /// A PNG below the site's (or template's) `assets/`, drawn over the centre of every code.
    var logo: String?
    package var placements: [Placement] = [Placement(id: "default", variant: nil)]

    /// Keys of the `qr` block that hold one value (their positions are kept for errors).
    static let scalarKeys = [
        "error_correction", "foreground", "background", "quiet_zone", "scale", "size_mm", "logo_size",
        "print_dpi", "version", "uniform_version", "logo",
    ]
    static let printDPIRange = 72...2400
    static let defaultLogoSize = 0.2

    package struct Placement: Sendable {
        package var id: String
        package var variant: String?
    }
}

/// First path segments the server answers itself (`/ml/…` API, `/healthz`, `/metrics`): a site
/// folder of one of these names would build but never be reachable.
package let reservedSiteIDs: Set<String> = ["ml", "healthz", "metrics"]

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

/// `isAbsoluteHTTPURL` for a redirect or destination, where the runtime puts the visitor's click
/// token in place of `{click}` (braces are not URL characters, so they are judged as the token).
func isAbsoluteHTTPURL(withClickPlaceholder text: String) -> Bool {
    isAbsoluteHTTPURL(text.replacingOccurrences(of: "{click}", with: "click"))
}

/// `scheme://host[:port][/]` and nothing else: QR codes append `/<site>/?src=qr…` to it, so a
/// path, query, fragment or credentials would end up in the middle of every printed URL.
func isHTTPOrigin(_ text: String) -> Bool {
    guard isAbsoluteHTTPURL(text), let parts = URLComponents(string: text) else { return false }
    return parts.user == nil && parts.password == nil && (parts.path == "" || parts.path == "/")
        && parts.percentEncodedQuery == nil && parts.percentEncodedFragment == nil
}
