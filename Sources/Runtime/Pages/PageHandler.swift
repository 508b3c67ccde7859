import Foundation
import HTTPTypes
import Hummingbird
import Personalize

extension SitegenRuntime {
    /// `GET /<site>/<page>`: keep a returning visitor on their variant, otherwise decide, record
    /// and set the cookie; then serve the variant's precomputed bytes (or its redirect).
    func servePage(_ request: Request, site: LoadedSite, model: SiteModel?, path: String) -> Response {
        guard site.knownPagePaths.contains(path) else { return Responses.notFound() }
        let query = QueryString(request.uri.query)
        let now = Date()

        // `?variant=<id>`: an author's preview. No cookie, no record, no learning.
        if !query.raw.isEmpty, let preview = query.value("variant") {
            guard let index = site.variantIndex[preview] else { return Responses.notFound() }
            return deliver(site: site, variant: index, path: path, request: request, setCookie: nil)
        }

        // `?src=qr&p=<placement>&v=<id>` from a placement pinned to that variant.
        var pinned: Int?
        if !query.raw.isEmpty, let placement = query.value("p"), let variant = site.pinnedPlacements[placement],
            query.value("v") == variant
        {
            pinned = site.variantIndex[variant]
        }

        if let raw = CookieHeader.value(named: site.cookieName, in: request.headers),
            let cookie = signer.verify(raw, site: site.id, now: Int(now.timeIntervalSince1970)),
            let index = site.variantIndex[cookie.variant], pinned == nil || pinned == index
        {
            return deliver(site: site, variant: index, path: path, request: request, setCookie: nil)
        }

        guard let model else { return Responses.error(.serviceUnavailable, "site '\(site.id)' has no model") }
        let context = site.extractor.context(for: RequestDescription(request, query: query, date: now))
        let features = context.features
        // HEAD asks what a GET would answer. Monitors and link checkers send it and are not
        // visitors: answer like a GET, but assign, record and learn nothing.
        if request.method == .head {
            let index = pinned ?? site.variantIndex[model.choose(features).variant] ?? 0
            return deliver(site: site, variant: index, path: path, request: request, setCookie: nil)
        }
        let decisionID = DecisionID.make()
        let index: Int
        if let pinned {
            // The placement chose, not the policy: recorded for visit tracking and conversions,
            // never learned from (its propensity says nothing about the policy's choice).
            index = pinned
            model.record(
                DecisionRecord(
                    id: decisionID, site: site.id, variant: site.variantIDs[pinned], propensity: 1,
                    features: features, pinned: true, learn: false, at: now))
            metrics.pinnedDecisions.add(1, ordering: .relaxed)
        } else {
            let learn = !context.isBot
            let decision = model.decide(features, learn: learn) { decision in
                DecisionRecord(
                    id: decisionID, site: site.id, variant: decision.variant, propensity: decision.propensity,
                    features: features, pinned: false, learn: learn, at: now)
            }
            guard let chosen = site.variantIndex[decision.variant] else {
                return Responses.error(.serviceUnavailable, "model and deployment disagree on variants")
            }
            index = chosen
            if context.isBot { metrics.botDecisions.add(1, ordering: .relaxed) }
        }
        metrics.decisions.add(1, ordering: .relaxed)
        let cookie = signer.encode(
            AssignmentCookie(
                variant: site.variantIDs[index], decisionID: decisionID, issuedAt: Int(now.timeIntervalSince1970)),
            site: site.id)
        let setCookie = CookieHeader.setCookie(
            name: site.cookieName, value: cookie, path: site.pathPrefix,
            secure: site.httpsOrigin && Self.cameOverTLS(request))
        return deliver(site: site, variant: index, path: path, request: request, setCookie: setCookie)
    }

    private func deliver(site: LoadedSite, variant: Int, path: String, request: Request, setCookie: String?) -> Response
    {
        if let redirect = site.redirects[variant] {
            return Responses.redirect(redirect, setCookie: setCookie)
        }
        guard let file = site.pages[variant][path] else { return Responses.notFound() }
        return file.response(for: request.headers, setCookie: setCookie)
    }

    /// We listen on plain HTTP; TLS, if any, ends at a proxy that says so.
    static func cameOverTLS(_ request: Request) -> Bool {
        if request.head.scheme == "https" { return true }
        guard let name = HTTPField.Name.xForwardedProto, let proto = request.headers[name] else { return false }
        return proto[...].trimmingSpaces.caseInsensitiveEquals("https")
    }
}

extension HTTPField.Name {
    /// Optional only because the initializer validates; the literal is a valid token.
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")
}
