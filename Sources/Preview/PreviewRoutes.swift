import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Personalize
import Runtime
import SiteGen

/// The preview server's own answers, consulted before the runtime's routes:
///
///     GET /_sitegen/events            Server-Sent Events: hello, reload, build-error
///     GET /_sitegen/preview/decide    the policy's odds for the simulated visitor (JSON)
///     GET /_sitegen/preview/status    the served generation and the last build's problems (JSON)
///     GET /<site>/<page>              the page for the simulated visitor, never recorded
///
/// Assets, QR images and the runtime's APIs fall through to the runtime unchanged.
struct PreviewRoutes: Sendable {
    let session: PreviewSession

    func respond(_ request: Request) async throws -> Response? {
        guard request.method == .get || request.method == .head else { return nil }
        let path = request.uri.path
        switch path {
        case "/_sitegen/events": return events()
        case "/_sitegen/preview/decide": return decide(request)
        case "/_sitegen/preview/status":
            return Responses.json(
                PreviewMessage(build: session.status.servedGeneration, problems: session.status.problems))
        default: break
        }
        if SitePath.isServerEndpoint(path[...]) { return nil }
        guard let runtime = session.runtime else { return nil }
        let live = runtime.live
        let problems = session.status.problems
        if path == "/" {
            return problems.isEmpty
                ? html(PreviewPages.index(live.deployment.siteIDs, build: session.status.servedGeneration))
                : brokenBuild(problems)
        }
        let (siteSegment, rest) = SitePath.split(path[...])
        let siteID = String(siteSegment)
        guard let site = live.deployment.sites[siteID] else {
            return problems.isEmpty ? nil : brokenBuild(problems)
        }
        guard case .file(let file) = SitePath.resolve(rest: rest), site.sharedFiles[file] == nil else {
            return nil
        }
        if !problems.isEmpty { return brokenBuild(problems) }
        guard site.knownPagePaths.contains(file), let model = live.models[siteID] else { return nil }
        let (visitor, context) = simulated(request, site: site)
        let index: Int
        if let forced = visitor.variant, let known = site.variantIndex[forced] {
            index = known
        } else {
            var random = SystemRandomNumberGenerator()
            let decision =
                session.learned?.bandit(for: site.manifest)?.decide(context.features, using: &random)
                ?? model.choose(context.features)
            guard let picked = site.variantIndex[decision.variant] else { return nil }
            index = picked
        }
        var response: Response
        if let target = site.redirects[index] {
            response = html(
                PreviewPages.redirect(
                    site: siteID, variant: site.variantIDs[index], target: target,
                    build: session.status.servedGeneration))
        } else if let page = site.pages[index][file] {
            var headers = HTTPFields()
            headers[.contentType] = page.contentType
            headers[.cacheControl] = CacheControlPolicy.noStore
            response = Response(status: .ok, headers: headers, body: .init(byteBuffer: page.body))
        } else {
            return Responses.notFound()
        }
        if let name = HTTPField.Name("X-Sitegen-Variant") { response.headers[name] = site.variantIDs[index] }
        return request.method == .head ? response.createHeadResponse() : response
    }

    /// The visitor the author simulates (`--as`, then the bar's cookie, then the query string)
    /// and the context it produces on top of the real request.
    func simulated(_ request: Request, site: LoadedSite) -> (SimulatedVisitor, Context) {
        let query = QueryString(request.uri.query)
        var visitor = session.options.visitor
        if let raw = CookieHeader.value(named: PreviewSession.cookieName, in: request.headers),
            let decoded = PercentDecoding.decode(raw, plusIsSpace: false)
        {
            visitor = visitor.overlaid(with: QueryString(decoded).pairs)
        }
        if !query.raw.isEmpty { visitor = visitor.overlaid(with: query.pairs) }
        let real = site.extractor.context(headers: request.routedHeaders, query: query, date: Date())
        return (visitor, visitor.applied(to: real))
    }

    private func events() -> Response {
        let status = session.status
        let hello =
            "retry: 500\n"
            + PreviewEvents.frame(
                "hello", data: PreviewMessage(build: status.servedGeneration, problems: status.problems).json)
        let stream = session.events.subscribe(first: ByteBuffer(string: hello))
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = CacheControlPolicy.noStore
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                for await buffer in stream { try await writer.write(buffer) }
                try await writer.finish(nil)
            })
    }

    private func decide(_ request: Request) -> Response {
        guard let runtime = session.runtime else { return Responses.error(.serviceUnavailable, "preview is starting") }
        let live = runtime.live
        guard let siteID = QueryString(request.uri.query).value("site") else {
            return Responses.error(.badRequest, "name a site: /_sitegen/preview/decide?site=<id>")
        }
        guard let site = live.deployment.sites[siteID], let model = live.models[siteID] else {
            let known = live.deployment.siteIDs.joined(separator: ", ")
            return Responses.error(.notFound, "no site '\(siteID)' in this build (sites: \(known))")
        }
        let (visitor, context) = simulated(request, site: site)
        let learned = session.learned?.bandit(for: site.manifest)
        return Responses.json(
            PreviewDecision(
                site: site, bandit: learned ?? model.bandit, learned: learned != nil, visitor: visitor, context: context
            ))
    }

    private func brokenBuild(_ problems: [Diagnostic]) -> Response {
        var response = html(PreviewPages.buildFailed(problems))
        response.status = .internalServerError
        return response
    }

    private func html(_ text: String) -> Response {
        Responses.text(text, contentType: "text/html; charset=utf-8")
    }
}
