import Hummingbird
import Runtime

/// The preview's one way into the runtime: its reload script and bar in every page, and its own
/// routes (the bar's API, the event stream, pages for a simulated visitor) before the built-in ones.
struct PreviewExtension: ServerExtension {
    /// Weak: the runtime holds this extension, and holding its session strongly would keep both
    /// alive forever.
    weak let session: PreviewSession?
    private let status: PreviewStatus

    init(session: PreviewSession) {
        self.session = session
        self.status = session.status
    }

    func rewritePage(site: String, variant: String, html: [UInt8]) -> [UInt8] {
        PreviewInjection.inject(into: html, site: site, variant: variant, build: status.loadingGeneration)
    }

    func respond(to request: Request, context: RuntimeRequestContext) async throws -> Response? {
        guard let session else { return nil }
        return try await PreviewRoutes(session: session).respond(request)
    }
}
