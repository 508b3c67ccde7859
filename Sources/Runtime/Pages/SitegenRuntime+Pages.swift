import Foundation
import Personalize

extension SitegenRuntime {
    /// `GET /<site>/<page>`: the visitor's assignment (`SitegenRuntime+Assignment`), then the
    /// variant's precomputed bytes (or its redirect).
    /// `isHead` requests are answered like GETs but assign, record and learn nothing.
    func pageAnswer(
        site: LoadedSite, model: SiteModel?, path: String, query: QueryString, headers: some RequestHeaders,
        isHead: Bool
    ) -> PageAnswer {
        guard site.knownPagePaths.contains(path) else { return .notFound }
        let now = Date()

        // `?variant=<id>`: an author's preview. No cookie, no record, no learning.
        if !query.raw.isEmpty, let preview = query.value("variant") {
            guard let index = site.variantIndex[preview] else {
                // The author typed a variant id: say which exist (JSON-encoded, so the echoed
                // value cannot become markup; capped, since it comes from the request).
                return .error(
                    .notFound,
                    "no variant '\(preview.prefix(64))' on site '\(site.id)' "
                        + "(variants: \(site.variantIDs.joined(separator: ", ")))")
            }
            return deliver(site: site, variant: index, path: path, headers: headers, setCookie: nil)
        }

        let pinned = Self.pinnedVariant(site: site, query: query)

        // Hostile input: kept only when valid (a declared placement, a short token).
        let origin =
            query.raw.isEmpty
            ? VisitOrigin.none
            : VisitOrigin(placement: query.value("p"), source: query.value("src"), declared: site.declaredPlacements)

        if let returning = returningAssignment(site: site, headers: headers, pinned: pinned, at: now) {
            // A returning visitor: no decision, but a page view (and a scan) for the counters.
            if !isHead { countVisit(site: site, variant: returning.variant, origin: origin, at: now) }
            return deliver(
                site: site, variant: returning.variant, path: path, headers: headers, setCookie: nil,
                decision: isHead ? nil : (returning.decisionID, now))
        }

        guard let model else { return .error(.serviceUnavailable, "site '\(site.id)' has no model") }
        let context = site.extractor.context(headers: headers, query: query, date: now)
        let features = site.contextFeatures.features(for: context)
        // HEAD asks what a GET would answer. Monitors and link checkers send it and are not
        // visitors: answer like a GET, but assign, record and learn nothing.
        if isHead {
            let index = pinned ?? site.variantIndex[model.choose(features.values).variant] ?? 0
            return deliver(site: site, variant: index, path: path, headers: headers, setCookie: nil)
        }
        guard
            let assignment = assign(
                site: site, model: model, features: features, context: context, learn: !context.isBot,
                pinned: pinned, origin: origin, at: now)
        else { return .error(.serviceUnavailable, "model and deployment disagree on variants") }
        countVisit(site: site, variant: assignment.variant, origin: origin, at: now)
        return deliver(
            site: site, variant: assignment.variant, path: path, headers: headers,
            setCookie: assignmentCookie(site: site, assignment, headers: headers, at: now),
            decision: (assignment.decisionID, now))
    }

    /// Every page view and QR scan, returning visitors included, as hourly counters.
    private func countVisit(site: LoadedSite, variant: Int, origin: VisitOrigin, at now: Date) {
        store?.countVisit(
            site: site.id, variant: site.variantIDs[variant], placement: origin.placement, at: now,
            scan: origin.isScan)
    }

    /// `decision`: the visitor's decision and now, when there is one to credit; a redirect to
    /// another site then carries it as a click token. Pages never look at it.
    private func deliver(
        site: LoadedSite, variant: Int, path: String, headers: some RequestHeaders, setCookie: String?,
        decision: (id: String, at: Date)? = nil
    ) -> PageAnswer {
        if let redirect = site.clickRedirects[variant] {
            let token = decision.map {
                clickSigner.encode(
                    ClickToken(site: site.id, decisionID: $0.id, issuedAt: Int($0.at.timeIntervalSince1970)))
            }
            return .redirect(location: redirect.location(token: token), status: .found, setCookie: setCookie)
        }
        guard let file = site.pages[variant][path] else { return .notFound }
        return file.answer(for: headers, setCookie: setCookie)
    }
}

extension SitegenRuntime {
    /// A GET or HEAD below `/<site>` that is neither `_convert` nor `_go`: a shared asset, a page
    /// (with its decision) or a 404; both HTTP stacks route here. `rest` follows `/<site>` in the
    /// raw path; `query` is the raw query string.
    func siteAnswer(
        site: LoadedSite, model: SiteModel?, rest: Substring, query: String?, headers: some RequestHeaders,
        isHead: Bool
    ) -> (RouteKind, PageAnswer) {
        switch SitePath.resolve(rest: rest) {
        case .rejected:
            return (.notFound, .notFound)
        case .addSlash(let page):
            guard site.knownPagePaths.contains(page) else { return (.notFound, .notFound) }
            // `rest` as it came (still percent-encoded), under the site's prefix.
            let location = String(site.pathPrefix.dropLast() + rest) + "/" + (query.map { "?" + $0 } ?? "")
            return (.page, .redirect(location: location, status: .movedPermanently, setCookie: nil))
        case .file(let file):
            if let shared = site.sharedFiles[file] {
                return (.asset, shared.answer(for: headers))
            }
            if file.hasPrefix("assets/") || file.hasPrefix("qr/") { return (.notFound, .notFound) }
            let answer = pageAnswer(
                site: site, model: model, path: file, query: QueryString(query), headers: headers, isHead: isHead)
            if case .notFound = answer { return (.notFound, answer) }
            return (.page, answer)
        }
    }
}
