package struct QRManifest: Codable, Sendable, Equatable {
    package var placement: String
    /// The variant this placement pins, if any.
    package var variant: String?
    /// Exactly the text encoded in the symbol.
    package var url: String
    package var svg: String
    package var png: String
    /// Modules per side, without the quiet zone.
    package var modules: Int

    package init(
        placement: String, variant: String?, url: String, svg: String, png: String, modules: Int
    ) {
        self.placement = placement
        self.variant = variant
        self.url = url
        self.svg = svg
        self.png = png
        self.modules = modules
    }
}
