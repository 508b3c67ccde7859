import Personalize
import SiteGen

/// One site of a deployment, indexed for the request path: every lookup a request makes is a
/// dictionary hit on a key the loader built.
public final class LoadedSite: Sendable {
    public let manifest: SiteManifest
    public let id: String
    /// `/<site>/`, the cookie path and the prefix of every URL of the site.
    public let pathPrefix: String
    public let cookieName: String
    public let variantIDs: [String]
    /// Index in `variantIDs` by id.
    public let variantIndex: [String: Int]
    /// Pages per variant: path below the site (`index.html`, `menu/index.html`) → file.
    public let pages: [[String: ServedFile]]
    /// Redirect target per variant, nil for page variants.
    public let redirects: [String?]
    /// Every page path any variant has: a path outside it is a 404 before any decision is made.
    public let knownPagePaths: Set<String>
    /// Assets and QR images: path below the site → file, the same for every variant.
    public let sharedFiles: [String: ServedFile]
    /// Placement id → pinned variant id.
    public let pinnedPlacements: [String: String]
    public let goals: [String: Double]
    public let destinations: Set<String>
    /// Whether cookies may carry `Secure` (only when the public origin is https).
    public let httpsOrigin: Bool
    public let extractor: ContextExtractor
    let contextFeatures = ContextFeatureCache()

    init(
        manifest: SiteManifest, pages: [[String: ServedFile]], sharedFiles: [String: ServedFile]
    ) throws(DeploymentError) {
        self.manifest = manifest
        self.id = manifest.id
        self.pathPrefix = "/\(manifest.id)/"
        self.cookieName = "sg_\(manifest.id)"
        self.variantIDs = manifest.variants.map(\.id)
        var index: [String: Int] = [:]
        for (i, variant) in manifest.variants.enumerated() { index[variant.id] = i }
        self.variantIndex = index
        self.pages = pages
        self.redirects = manifest.variants.map(\.redirect)
        self.knownPagePaths = Set(pages.flatMap(\.keys))
        self.sharedFiles = sharedFiles
        var pinned: [String: String] = [:]
        for placement in manifest.qr {
            if let variant = placement.variant { pinned[placement.placement] = variant }
        }
        self.pinnedPlacements = pinned
        var goals: [String: Double] = [:]
        for goal in manifest.goals { goals[goal.id] = goal.value }
        self.goals = goals
        self.destinations = Set(manifest.destinations)
        self.httpsOrigin = manifest.baseURL.lowercased().hasPrefix("https://")
        do {
            self.extractor = try ContextExtractor(config: manifest.personalize, timezone: manifest.timezone)
        } catch {
            throw DeploymentError(file: Manifest.fileName, "site '\(manifest.id)': \(error)")
        }
    }

    /// The goal a conversion names when it names none (the API's `update` carries no goal).
    public var defaultGoal: String { manifest.goals.first?.id ?? "convert" }
}
