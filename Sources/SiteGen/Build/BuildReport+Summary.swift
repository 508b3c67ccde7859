import DistFormat

extension BuildReport {
    /// One line per site built: `casa-verde: 3 pages × 3 variants, 2 QR codes`.
    package var siteSummaries: [String] {
        rebuilt.compactMap { manifest?.site($0).map(Self.summary) }
    }

    static func summary(_ site: SiteManifest) -> String {
        let pages = site.variants.map(\.pages.count).max() ?? 0
        let redirects = site.variants.filter { $0.redirect != nil }.count
        var line =
            "\(site.id): \(pages) \(pages == 1 ? "page" : "pages") × \(site.variants.count) "
            + (site.variants.count == 1 ? "variant" : "variants")
        if redirects > 0 { line += " (\(redirects) redirecting)" }
        line += ", \(site.qr.count) QR \(site.qr.count == 1 ? "code" : "codes")"
        return line
    }
}
