public struct QRManifest: Codable, Sendable, Equatable {
    public var placement: String
    /// The variant this placement pins, if any.
    public var variant: String?
    /// Exactly the text encoded in the symbol.
    public var url: String
    public var svg: String
    public var png: String
    /// Modules per side, without the quiet zone.
    public var modules: Int

    public init(
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
