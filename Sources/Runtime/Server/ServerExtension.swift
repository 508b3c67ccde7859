import Hummingbird

/// What a development server adds to the runtime: pages rewritten once at load time, and routes
/// consulted before the built-in ones. The preview injects its reload script and bar and answers
/// its own endpoints through this, and nothing else reaches into the server.
package protocol ServerExtension: Sendable {
    /// The bytes to serve for a built HTML page (called once per page and load, not per request).
    func rewritePage(site: String, variant: String, html: [UInt8]) -> [UInt8]

    /// An answer for this request, or nil to fall through to the built-in routes.
    func respond(to request: Request, context: RuntimeRequestContext) async throws -> Response?
}

extension ServerExtension {
    package func rewritePage(site: String, variant: String, html: [UInt8]) -> [UInt8] { html }

    package func respond(to request: Request, context: RuntimeRequestContext) async throws -> Response? { nil }
}
