import DistFormat
import Personalize

/// One site of a deployment, indexed for the request path: every lookup a request makes is a
/// dictionary hit on a key the loader built.
package final class LoadedSite: Sendable {
    package let manifest: SiteManifest
    package let id: String
    /// `/<site>/`, the cookie path and the prefix of every URL of the site.
    package let pathPrefix: String
    package let cookieName: String
    package let variantIDs: [String]
    /// Index in `variantIDs` by id.
    package let variantIndex: [String: Int]
    /// Pages per variant: path below the site (`index.html`, `menu/index.html`) → file.
    package let pages: [[String: ServedFile]]
    /// Redirect target per variant, nil for page variants.
    package let redirects: [String?]
    /// The same targets split where a click token goes (`ClickRedirect`).
    let clickRedirects: [ClickRedirect?]
    /// Every page path any variant has: a path outside it is a 404 before any decision is made.
    package let knownPagePaths: Set<String>
    /// Assets and QR images: path below the site → file, the same for every variant.
    package let sharedFiles: [String: ServedFile]
    /// Placement id → pinned variant id.
    package let pinnedPlacements: [String: String]
    /// Every placement the site declares: a `p=` outside it is recorded as no placement.
    package let declaredPlacements: Set<String>
    package let goals: [String: Double]
    /// The most a browser may report per goal (`GoalManifest.cap`).
    package let goalCaps: [String: Double]
    package let destinations: Set<String>
    /// Whether cookies may carry `Secure` (only when the public origin is https).
    package let httpsOrigin: Bool
    package let extractor: ContextExtractor
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
        self.clickRedirects = manifest.variants.map { $0.redirect.map(ClickRedirect.init) }
        self.knownPagePaths = Set(pages.flatMap(\.keys))
        self.sharedFiles = sharedFiles
        var pinned: [String: String] = [:]
        for placement in manifest.qr {
            if let variant = placement.variant { pinned[placement.placement] = variant }
        }
        self.pinnedPlacements = pinned
        self.declaredPlacements = Set(manifest.qr.map(\.placement))
        var goals: [String: Double] = [:]
        for goal in manifest.goals { goals[goal.id] = goal.value }
        self.goals = goals
        self.goalCaps = Dictionary(manifest.goals.map { ($0.id, $0.cap) }, uniquingKeysWith: { first, _ in first })
        self.destinations = Set(manifest.destinations)
        self.httpsOrigin = manifest.baseURL.lowercased().hasPrefix("https://")
        do {
            self.extractor = try ContextExtractor(config: manifest.personalize, timezone: manifest.timezone)
        } catch {
            throw DeploymentError(file: Manifest.fileName, "site '\(manifest.id)': \(error)")
        }
    }

    /// The goal a conversion names when it names none (the API's `update` carries no goal).
    package var defaultGoal: String { manifest.goals.first?.id ?? "convert" }
}
