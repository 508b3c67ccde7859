import Foundation
import Runtime

/// `sitegen preview`'s settings.
package struct PreviewOptions: Sendable {
    package var sites: URL
    package var templates: URL
    /// The preview's private build output (never the production `dist/`).
    package var output: URL
    package var host: String
    package var port: Int
    /// The visitor pages are shown for until the preview bar says otherwise (`--as`).
    package var visitor: SimulatedVisitor
    /// How often `sites/` and `templates/` are checked for edits.
    package var pollInterval: Duration
    /// A production event database to read learned models from (never written); nil previews
    /// untrained policies.
    package var learnedFrom: URL?

    package init(
        sites: URL, templates: URL, output: URL, host: String = "127.0.0.1", port: Int = 8080,
        visitor: SimulatedVisitor = SimulatedVisitor(), pollInterval: Duration = .milliseconds(100),
        learnedFrom: URL? = nil
    ) {
        self.sites = sites
        self.templates = templates
        self.output = output
        self.host = host
        self.port = port
        self.visitor = visitor
        self.pollInterval = pollInterval
        self.learnedFrom = learnedFrom
    }

    /// `.sitegen/preview/dist` beside the sites folder: per project, out of `dist/`'s way.
    package static func defaultOutput(sites: URL) -> URL {
        sites.standardizedFileURL.deletingLastPathComponent()
            .appendingPathComponent(".sitegen/preview/dist", isDirectory: true)
    }
}
