import Foundation

/// `sitegen preview`'s settings.
public struct PreviewOptions: Sendable {
    public var sites: URL
    public var templates: URL
    /// The preview's private build output (never the production `dist/`).
    public var output: URL
    public var host: String
    public var port: Int
    /// The visitor pages are shown for until the preview bar says otherwise (`--as`).
    public var visitor: SimulatedVisitor
    /// How often `sites/` and `templates/` are checked for edits.
    public var pollInterval: Duration
    /// A production event database to read learned models from (never written); nil previews
    /// untrained policies.
    public var learnedFrom: URL?

    public init(
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
    public static func defaultOutput(sites: URL) -> URL {
        sites.standardizedFileURL.deletingLastPathComponent()
            .appendingPathComponent(".sitegen/preview/dist", isDirectory: true)
    }
}
