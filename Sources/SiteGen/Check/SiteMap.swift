/// What one site will answer below `/<site>/` once built: pages, assets, QR images and the
/// conversion endpoints. Links in rendered pages are judged against it.
struct SiteMap: Sendable {
    var prefix: String
    /// Absolute origin + prefix (`https://qr.example.com/luna/`): links written as full URLs to
    /// the site itself are checked like paths.
    var siteURL: String
    /// Files below the prefix, as the runtime looks them up: `index.html`, `menu/index.html`,
    /// `assets/css/site.3f2a1b9c.css`, `qr/table.svg`.
    var files: Set<String>
    var goals: [String]
    var destinations: Set<String>
    /// Other sites of the project: links to them are fine, their own check covers them.
    var otherSites: Set<String>

    init(config: SiteConfig, pages: [Page], assets: AssetCatalog, otherSites: Set<String>) {
        prefix = config.urlPrefix
        siteURL = config.siteURL
        var files = Set(pages.map(\.outputPath))
        for asset in assets.assets.values { files.insert(asset.publishedPath) }
        for placement in config.qr.placements {
            files.insert("qr/\(placement.id).svg")
            files.insert("qr/\(placement.id).png")
        }
        files.formUnion(QRAssets.printPaths(config))
        self.files = files
        goals = config.goals.map(\.id)
        destinations = Set(config.destinations)
        self.otherSites = otherSites
    }

    /// The file a path below the prefix names, with the runtime's pretty-URL rules: `` and `x/`
    /// are folders with an index.html, `menu` is `menu/index.html`, `a.css` is a file.
    static func file(for rest: String) -> String {
        if rest.isEmpty { return "index.html" }
        if rest.hasSuffix("/") { return rest + "index.html" }
        if let last = rest.split(separator: "/").last, last.contains(".") { return rest }
        return rest + "/index.html"
    }

    /// `/<site>/menu/`, `/<site>/assets/css/site.3f2a1b9c.css`: a path below the prefix with
    /// nothing to resolve (no `.` or `..` segments, query, fragment, escapes or blanks) naming
    /// a file the site serves. Anything else goes through full URL resolution.
    func isPlainKnownPath(_ path: String) -> Bool {
        let rest = path.dropFirst(prefix.count)
        let plain = rest.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7f && byte != UInt8(ascii: "?") && byte != UInt8(ascii: "#")
                && byte != UInt8(ascii: "%") && byte != UInt8(ascii: "\\")
        }
        guard plain,
            !rest.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == "." || $0 == ".." })
        else { return false }
        return files.contains(Self.file(for: String(rest)))
    }

    /// Every address a page may link to, for "did you mean" hints.
    var knownURLs: [String] {
        files.map { file in
            if file == "index.html" { return prefix }
            if file.hasSuffix("/index.html") { return prefix + file.dropLast("index.html".count) }
            return prefix + file
        }.sorted()
    }
}
