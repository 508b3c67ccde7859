import Foundation
import Hummingbird
import Personalize

struct ContextAnswer: Encodable {
    var site: String?
    var timezone: String
    var context: Context
    var features: [String: String]
    var isBot: Bool
}

extension SitegenRuntime {
    /// Reads a request with no site's settings (country headers, extras, zone): UTC and defaults.
    private static let defaultExtractor = ContextExtractor()

    /// `GET /_sitegen/context[?site=<id>]`: the context this request would be decided on, with the
    /// site's time zone and headers when a site is named.
    func echoContext(_ request: Request) -> Response {
        let query = QueryString(request.uri.query)
        let live = self.live
        var extractor = Self.defaultExtractor
        var siteID: String?
        var zone = "UTC"
        if let id = query.value("site") {
            guard let site = live.deployment.sites[id] else {
                return Responses.error(.notFound, "unknown site '\(id)'")
            }
            extractor = site.extractor
            siteID = id
            zone = site.manifest.timezone
        }
        let context = extractor.context(headers: request.routedHeaders, query: query, date: Date())
        return Responses.json(
            ContextAnswer(
                site: siteID, timezone: zone, context: context, features: context.features, isBot: context.isBot))
    }
}
