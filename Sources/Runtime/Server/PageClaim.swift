/// A request the page fast paths answer themselves: which site, and the raw path and query below
/// it. Everything else (conversions, redirect links, the APIs, unknown sites) is Hummingbird's.
struct PageClaim {
    var site: LoadedSite
    var model: SiteModel?
    var rest: Substring
    var query: String?

    /// The claim for a GET or HEAD of `uri`, or nil to hand the request to Hummingbird.
    init?(uri: String, live: LiveState) {
        // As Hummingbird's URI reads it: a fragment (which clients should not send) is no part of
        // the path or the query.
        let uri = uri.utf8.firstIndex(of: UInt8(ascii: "#")).map { uri[..<$0] } ?? uri[...]
        guard uri.utf8.first == UInt8(ascii: "/") else { return nil }
        let queryStart = uri.utf8.firstIndex(of: UInt8(ascii: "?"))
        let path = uri[..<(queryStart ?? uri.endIndex)]
        guard !SitePath.isServerEndpoint(path) else { return nil }
        let (siteID, rest) = SitePath.split(path)
        guard let site = live.deployment.sites[String(siteID)], !SitePath.isSiteEndpoint(rest: rest) else { return nil }
        self.site = site
        self.model = live.models[site.id]
        self.rest = rest
        self.query = queryStart.map { String(uri[uri.index(after: $0)...]) }
    }
}
