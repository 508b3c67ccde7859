import Foundation

/// What `sitegen check` looks at, and with which tools.
package struct CheckOptions: Sendable {
    package var sites: URL
    package var templates: URL
    /// The QR decoder for the round-trip rule; nil skips the rule with a warning.
    package var decoder: QRDecoderTool?

    package init(sites: URL, templates: URL, decoder: QRDecoderTool? = QRDecoderTool.find()) {
        self.sites = sites
        self.templates = templates
        self.decoder = decoder
    }
}
