import Personalize

package struct SiteManifest: Codable, Sendable, Equatable {
    /// The site's folder name; its URLs live under `/<id>/`.
    package var id: String
    package var title: String
    package var baseURL: String
    /// IANA zone used for the `hour` and `weekday` features.
    package var timezone: String
    /// Hash of every input byte of this site (sources, template, config, tool version): an
    /// unchanged hash lets a rebuild reuse the previous output.
    package var inputHash: String
    package var personalize: PersonalizeConfig
    package var goals: [GoalManifest]
    /// Where `/<site>/_go/<goal>?to=…` may send a visitor: absolute URLs or paths within the site.
    package var destinations: [String]
    package var variants: [VariantManifest]
    package var assets: [FileEntry]
    package var qr: [QRManifest]

    package init(
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

    package func variant(_ id: String) -> VariantManifest? { variants.first { $0.id == id } }
}
