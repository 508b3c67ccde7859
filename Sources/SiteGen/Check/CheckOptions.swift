import Foundation

/// What `sitegen check` looks at, and with which tools.
public struct CheckOptions: Sendable {
    public var sites: URL
    public var templates: URL
    /// The QR decoder for the round-trip rule; nil skips the rule with a warning.
    public var decoder: QRDecoderTool?

    public init(sites: URL, templates: URL, decoder: QRDecoderTool? = QRDecoderTool.find()) {
        self.sites = sites
        self.templates = templates
        self.decoder = decoder
    }
}
