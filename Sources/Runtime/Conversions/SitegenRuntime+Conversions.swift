import Foundation
import HTTPTypes
import Hummingbird
import Personalize

/// What `POST /<site>/_convert` answers.
struct ConversionAnswer: Encodable {
    var ok: Bool
    var duplicate: Bool
    var goal: String
    /// What was credited: the reported value, or the goal's cap when the report was above it.
    var reward: Double
    /// Whether the reported value was above the goal's cap and was lowered to it.
    var capped: Bool
}

extension SitegenRuntime {
    /// `POST /<site>/_convert`: joins the visitor's decision (from the cookie) to a goal, commits
    /// it, and only then answers. A repeat of the same decision and goal answers 200 with
    /// `"duplicate": true` (the beacon may fire twice; retrying is harmless) and changes nothing.
    func convert(_ request: Request, context: RuntimeRequestContext, site: LoadedSite, model: SiteModel?) async
        -> Response
    {
        if let denied = rateLimited(request, context) { return denied }
        let input: ConversionInput
        do {
            input = try ConversionInput.parse(try await RequestBodyReader.read(request, limit: options.maxBodyBytes))
        } catch {
            return error.response
        }
        return await record(goal: input.goal, value: input.value, request: request, site: site, model: model)
    }

    /// `GET /<site>/_go/<goal>?to=<destination>`: the no-JavaScript conversion. The destination
    /// must be declared by the site (or be a path inside it), so this is never an open redirect.
    /// An absolute destination gets the visitor's decision as `sg_click` (`ClickRedirect`), so the
    /// other site can credit a later goal through `_pixel`.
    func go(
        _ request: Request, context: RuntimeRequestContext, site: LoadedSite, model: SiteModel?, goalSegment: Substring
    ) async -> Response {
        guard let goal = PercentDecoding.decode(goalSegment, plusIsSpace: false), site.goals[goal] != nil else {
            return Responses.error(.badRequest, "unknown goal '\(goalSegment)' for site '\(site.id)'")
        }
        let query = QueryString(request.uri.query)
        guard let destination = query.value("to") else {
            return Responses.error(.badRequest, "missing '?to=<destination>': where the link should go")
        }
        guard let target = allowedDestination(destination, site: site) else {
            return Responses.error(.badRequest, "destination is not one the site '\(site.id)' declares")
        }
        // A HEAD is a link checker, not a visitor following the link: nothing to credit.
        if request.method == .head { return Responses.redirect(clickLocation(target, request: nil, site: site)) }
        // A visitor over the limit still gets where they were going; only the credit is withheld.
        if rateLimited(request, context) != nil {
            return Responses.redirect(clickLocation(target, request: request, site: site))
        }
        switch await creditBrowser(goal: goal, value: nil, request: request, site: site, model: model) {
        case .refused(let response):
            return response
        case .outcome(.notStored, _):
            return Self.notStored
        case .previewed, .outcome(.recorded, _), .outcome(.duplicate, _), .outcome(.pending, _):
            return Responses.redirect(clickLocation(target, request: request, site: site))
        case .noAssignment:
            // Without an assignment (cookies off, link shared) the visitor still gets there;
            // there is just no decision to credit.
            return Responses.redirect(clickLocation(target, request: nil, site: site))
        case .outcome(.unknownDecision, _):
            return Responses.redirect(
                clickLocation(target, request: nil, site: site), setCookie: Self.expiredCookie(site))
        }
    }

    func rateLimited(_ request: Request, _ context: RuntimeRequestContext) -> Response? {
        let client = Self.clientKey(peer: context.clientKey, headers: request.headers, proxies: options.trustedProxies)
        guard let wait = rateLimiter.take(client) else {
            return nil
        }
        metrics.rateLimited.increment()
        var response = Responses.error(.tooManyRequests, "too many conversion requests from this client; retry later")
        response.headers[.retryAfter] = String(max(1, Int(wait.rounded(.up))))
        return response
    }

    /// Whom a conversion counts against. Behind a reverse proxy every request comes from the proxy
    /// (on this machine: `serve` binds loopback unless told otherwise; or one of `proxies`, given
    /// with `--trusted-proxy`), so from such a peer the last `X-Forwarded-For` element, the one
    /// the proxy appended, names the visitor. From any other peer the header is the client's own
    /// word and is ignored.
    static func clientKey(peer: String, headers: some RequestHeaders, proxies: Set<String> = []) -> String {
        let unmapped = peer.hasPrefix("::ffff:") ? String(peer.dropFirst(7)) : peer
        guard peer.hasPrefix("127.") || peer == "::1" || peer.hasPrefix("::ffff:127.") || proxies.contains(unmapped),
            let forwarded = headers.lastListElement(of: .forwardedFor), (1...45).contains(forwarded.utf8.count),
            forwarded.utf8.allSatisfy({ $0.isHexDigit || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") })
        else { return peer }
        return String(forwarded)
    }

    /// What a browser's report of `goal` with `value` credits: the value (the goal's own when
    /// absent), at most the goal's cap; or the 400 answer for an unknown goal or an impossible value.
    func browserReward(goal: String, value: Double?, site: LoadedSite) throws(RefusedReport) -> BrowserReward {
        guard let defaultValue = site.goals[goal] else {
            let known = site.manifest.goals.map(\.id).joined(separator: ", ")
            throw RefusedReport(
                response: Responses.error(.badRequest, "unknown goal '\(goal)' for site '\(site.id)' (known: \(known))")
            )
        }
        if let value, !Bandit.acceptsReward(value) {
            throw RefusedReport(
                response: Responses.error(.badRequest, "field 'value' must be a number from 0 to 1,000,000,000"))
        }
        // Anyone can send a browser's request, so a browser's value is believed only up to the
        // goal's cap. Above it the cap is credited rather than the request refused: an honest
        // page that overshoots (a bigger party than `max_value` foresaw) still counts, and a
        // forged value gains nothing (docs/api.md, "Value limits").
        let cap = site.goalCaps[goal] ?? defaultValue
        let reported = value ?? defaultValue
        return BrowserReward(value: min(reported, cap), capped: reported > cap)
    }

    /// How a goal reported by the visitor's browser (the cookie names the decision) ended.
    private enum BrowserCredit {
        /// An unknown goal or a value out of range: the 400 to answer.
        case refused(Response)
        /// Development: acknowledged as the server would, nothing recorded.
        case previewed(BrowserReward)
        /// No valid assignment cookie: nothing to credit.
        case noAssignment
        case outcome(ConversionOutcome, BrowserReward)
    }

    /// `_convert` and `_go`: the reported value capped for its goal, then credited to the
    /// decision the visitor's cookie names.
    private func creditBrowser(goal: String, value: Double?, request: Request, site: LoadedSite, model: SiteModel?)
        async -> BrowserCredit
    {
        let reward: BrowserReward
        do {
            reward = try browserReward(goal: goal, value: value, site: site)
        } catch {
            return .refused(error.response)
        }
        // The preview records nothing and assigns no cookies: a goal is acknowledged as the server
        // would, so authors can try their buttons and links.
        guard options.mode.isRecording, let model else { return .previewed(reward) }
        guard let raw = CookieHeader.value(named: site.cookieName, in: request.headers),
            let cookie = signer.verify(raw, site: site.id, now: Int(Date().timeIntervalSince1970))
        else { return .noAssignment }
        if reward.capped { metrics.cappedValues.increment() }
        let conversion = ConversionRecord(
            decisionID: cookie.decisionID, site: site.id, goal: goal, value: reward.value, at: Date())
        return .outcome(await recordConversion(conversion, model: model), reward)
    }

    /// `_convert`'s answer for a goal already parsed from the body.
    private func record(goal: String, value: Double?, request: Request, site: LoadedSite, model: SiteModel?) async
        -> Response
    {
        switch await creditBrowser(goal: goal, value: value, request: request, site: site, model: model) {
        case .refused(let response):
            return response
        case .outcome(.duplicate, _):
            return Responses.json(ConversionAnswer(ok: true, duplicate: true, goal: goal, reward: 0, capped: false))
        case .outcome(.pending, _):
            return PendingAnswer.response(goal: goal)
        case .previewed(let reward), .outcome(.recorded, let reward):
            return Responses.json(
                ConversionAnswer(ok: true, duplicate: false, goal: goal, reward: reward.value, capped: reward.capped))
        case .noAssignment:
            return Responses.error(
                .unauthorized, "no valid assignment cookie for site '\(site.id)': visit a page of the site first")
        case .outcome(.unknownDecision, _):
            // The decision was never committed (the server was killed within its flush delay,
            // or the database was replaced): the cookie would otherwise strand every later
            // conversion for its whole life. Dropping it makes the next page view assign anew.
            var response = Responses.error(
                .unauthorized,
                "the assignment cookie names no recorded decision; it is cleared so the next page view assigns anew"
            )
            response.headers[.setCookie] = Self.expiredCookie(site)
            return response
        case .outcome(.notStored, _):
            return Self.notStored
        }
    }

    /// Every door's answer when the store could not commit a conversion: retrying is safe.
    static var notStored: Response { Responses.error(.serviceUnavailable, "conversion could not be stored; retry") }

    private static func expiredCookie(_ site: LoadedSite) -> String {
        CookieHeader.expire(name: site.cookieName, path: site.pathPrefix)
    }

    /// `target`, and when it is on another site, with the visitor's decision as a click token
    /// (`ClickRedirect`), so the destination can credit a goal back.
    /// `request` nil: no token (a placeholder is left empty).
    private func clickLocation(_ target: String, request: Request?, site: LoadedSite) -> String {
        guard target.contains("://") else { return target }
        let now = Int(Date().timeIntervalSince1970)
        let token = request.flatMap { CookieHeader.value(named: site.cookieName, in: $0.headers) }
            .flatMap { signer.verify($0, site: site.id, now: now) }
            .map { clickSigner.encode(ClickToken(site: site.id, decisionID: $0.decisionID, issuedAt: now)) }
        return ClickRedirect(target).location(token: token)
    }

    /// The redirect target for `to`, or nil when the site does not allow it.
    func allowedDestination(_ to: String, site: LoadedSite) -> String? {
        let isAbsolute = to.contains("://")
        if site.destinations.contains(to) {
            // Declared site-relative destinations (`menu/`) live under the site's prefix.
            return isAbsolute || to.hasPrefix("/") ? to : site.pathPrefix + to
        }
        // A declared site-relative destination may also be written as a full path, and any other
        // path inside the site is ours to send people to; nothing outside it is.
        guard !isAbsolute, to.hasPrefix(site.pathPrefix), !to.contains("//"), !to.contains("\\") else { return nil }
        switch SitePath.resolve(rest: to.dropFirst(site.pathPrefix.count - 1)) {
        case .file, .addSlash: return to
        case .rejected: return nil
        }
    }
}
