import HTTPTypes
import Hummingbird

/// The whole routing table. Hand-written instead of Hummingbird's trie router: site pages are
/// found by one dictionary lookup on the first path segment and one on the rest, and the few
/// fixed API paths are compared directly.
package struct RuntimeResponder: HTTPResponder {
    package typealias Context = RuntimeRequestContext
    package let runtime: SitegenRuntime

    package init(runtime: SitegenRuntime) {
        self.runtime = runtime
    }

    package func respond(to request: Request, context: RuntimeRequestContext) async throws -> Response {
        if let serverExtension = runtime.options.mode.serverExtension,
            let response = try await serverExtension.respond(to: request, context: context)
        {
            return response
        }
        let (route, response) = await dispatch(request, context: context)
        runtime.metrics.count(route, status: response.status.code)
        return request.method == .head ? response.createHeadResponse() : response
    }

    private func dispatch(_ request: Request, context: RuntimeRequestContext) async -> (RouteKind, Response) {
        let path = request.uri.path
        let method = request.method
        let readOnly = method == .get || method == .head

        if SitePath.isServerEndpoint(path[...]) {
            return await api(path, request: request, context: context, readOnly: readOnly)
        }

        // `/<site>` or `/<site>/…`
        let (siteID, rest) = SitePath.split(path[...])
        let live = runtime.live
        guard let site = live.deployment.sites[String(siteID)] else {
            // A person following a link gets the page; a program posting a beacon gets JSON.
            let answer =
                readOnly ? Responses.notFound() : Responses.error(.notFound, "no site '\(siteID)' is served here")
            return (.notFound, answer)
        }
        let model = live.models[site.id]

        if rest == "/_convert" {
            guard method == .post else { return (.convert, Responses.methodNotAllowed("POST")) }
            return (.convert, await runtime.convert(request, context: context, site: site, model: model))
        }
        if rest.hasPrefix("/_go/") {
            guard readOnly else { return (.go, Responses.methodNotAllowed("GET")) }
            let goal = rest.dropFirst("/_go/".count)
            return (.go, await runtime.go(request, context: context, site: site, model: model, goalSegment: goal))
        }
        if rest == "/_pixel" {
            guard readOnly else { return (.pixel, Responses.methodNotAllowed("GET")) }
            return (.pixel, await runtime.pixel(request, context: context, site: site, model: model))
        }
        guard readOnly else { return (.page, Responses.methodNotAllowed("GET, HEAD")) }
        let (route, answer) = runtime.siteAnswer(
            site: site, model: model, rest: rest, query: request.uri.query, headers: request.routedHeaders,
            isHead: method == .head)
        return (route, answer.response)
    }

    /// The server's own endpoints. Each names the scope an API key needs for it (`APIGate`;
    /// nothing in development) before anything else is looked at; `/healthz` and
    /// `/_sitegen/context` are public, and a path that is no endpoint needs `admin`, so an
    /// anonymous caller learns nothing about what exists.
    private func api(_ path: String, request: Request, context: RuntimeRequestContext, readOnly: Bool) async
        -> (RouteKind, Response)
    {
        func refused(_ scope: APIScope) -> Response? {
            runtime.refusal(request, context: context, needs: scope)
        }
        switch path {
        case "/healthz":
            guard readOnly else { return (.health, Responses.methodNotAllowed("GET")) }
            return (.health, runtime.health(detailed: runtime.presentsKey(request, with: .read)))
        case "/metrics":
            if let refusal = refused(.read) { return (.metrics, refusal) }
            return (.metrics, readOnly ? runtime.prometheus() : Responses.methodNotAllowed("GET"))
        case "/_sitegen/context":
            // The caller's own request, echoed: nothing another caller could learn from.
            return (.context, readOnly ? runtime.echoContext(request) : Responses.methodNotAllowed("GET"))
        case "/ml/bandit/select":
            if let refusal = refused(.decide) { return (.banditSelect, refusal) }
            guard request.method == .post else { return (.banditSelect, Responses.methodNotAllowed("POST")) }
            return (.banditSelect, await runtime.banditSelect(request))
        case "/ml/bandit/update":
            if let refusal = refused(.decide) { return (.banditUpdate, refusal) }
            guard request.method == .post else { return (.banditUpdate, Responses.methodNotAllowed("POST")) }
            return (.banditUpdate, await runtime.banditUpdate(request))
        case "/ml/forecast/scans", "/ml/forecast/revenue":
            let route: RouteKind = path.hasSuffix("scans") ? .forecastScans : .forecastRevenue
            if let refusal = refused(.read) { return (route, refusal) }
            guard request.method == .post else { return (route, Responses.methodNotAllowed("POST")) }
            return (route, await runtime.forecast(request, metric: route == .forecastScans ? .scans : .revenue))
        case "/ml/detect/anomalies":
            if let refusal = refused(.read) { return (.detectAnomalies, refusal) }
            guard request.method == .post else { return (.detectAnomalies, Responses.methodNotAllowed("POST")) }
            return (.detectAnomalies, await runtime.detectAnomalies(request))
        case "/ml/models", "/ml/models/":
            if let refusal = refused(.read) { return (.models, refusal) }
            return (.models, readOnly ? runtime.models() : Responses.methodNotAllowed("GET"))
        default:
            if path.hasPrefix("/_sitegen/report/") {
                if let refusal = refused(.read) { return (.report, refusal) }
                guard readOnly else { return (.report, Responses.methodNotAllowed("GET")) }
                return (.report, await runtime.report(path: path))
            }
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            // ["", "ml", "models", <site>, "metrics"]
            if parts.count == 5, parts[1] == "ml", parts[2] == "models", parts[4] == "metrics" {
                if let refusal = refused(.read) { return (.modelMetrics, refusal) }
                guard readOnly else { return (.modelMetrics, Responses.methodNotAllowed("GET")) }
                return (.modelMetrics, runtime.modelMetrics(site: String(parts[3])))
            }
            if let refusal = refused(.admin) { return (.notFound, refusal) }
            return (.notFound, Responses.error(.notFound, "no API endpoint at \(path)"))
        }
    }
}
