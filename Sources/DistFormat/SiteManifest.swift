import Personalize

public struct SiteManifest: Codable, Sendable, Equatable {
    /// The site's folder name; its URLs live under `/<id>/`.
    public var id: String
    public var title: String
    public var baseURL: String
    /// IANA zone used for the `hour` and `weekday` features.
    public var timezone: String
    /// Hash of every input byte of this site (sources, template, config, tool version): an
    /// unchanged hash lets a rebuild reuse the previous output.
    public var inputHash: String
    public var personalize: PersonalizeConfig
    public var goals: [GoalManifest]
    /// Where `/<site>/_go/<goal>?to=…` may send a visitor: absolute URLs or paths within the site.
    public var destinations: [String]
    public var variants: [VariantManifest]
    public var assets: [FileEntry]
    public var qr: [QRManifest]

    public init(
        id: String, title: String, baseURL: String, timezone: String, inputHash: String,
        personalize: PersonalizeConfig, goals: [GoalManifest], destinations: [String],
        variants: [VariantManifest], assets: [FileEntry], qr: [QRManifest]
    ) {
        self.id = id
        self.title = title
        self.baseURL = baseURL
        self.timezone = timezone
        self.inputHash = inputHash
        self.personalize = personalize
        self.goals = goals
        self.destinations = destinations
        self.variants = variants
        self.assets = assets
        self.qr = qr
    }

    public func variant(_ id: String) -> VariantManifest? { variants.first { $0.id == id } }
}
