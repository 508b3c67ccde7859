import Personalize
import Runtime

/// `GET /_sitegen/preview/decide`: what the policy would do for the simulated visitor. Sampling
/// policies pick at random, so the answer is each variant's probability and the likeliest one.
struct PreviewDecision: Encodable {
    struct Odds: Encodable {
        var variant: String
        var probability: Double
    }

    /// The context the page was decided on (simulated fields over the real request).
    struct Visitor: Encodable {
        var device: String
        var country: String?
        var hour: Int
        var weekday: Int
        var source: String?
    }

    var site: String
    var policy: String
    var variants: [String]
    var visitor: Visitor
    /// Only the fields the author set (`--as`, bar, query).
    var simulated: SimulatedVisitor
    var features: [String: String]
    var probabilities: [Odds]
    var pick: String
    /// Whether the odds come from production's learning (`--db`) or an untrained policy.
    var learned: Bool

    init(site: LoadedSite, bandit: Bandit, learned: Bool, visitor simulated: SimulatedVisitor, context: Context) {
        self.learned = learned
        self.site = site.id
        self.policy = site.manifest.personalize.policy.rawValue
        self.variants = site.variantIDs
        self.visitor = Visitor(
            device: context.device.rawValue, country: context.country, hour: context.hour,
            weekday: context.weekday, source: context.source)
        self.simulated = simulated
        self.features = context.features
        // Non-finite values cannot be encoded as JSON; a policy never produces them, but a 0 is
        // a safer answer than a broken response if it ever did.
        let odds = bandit.probabilities(context.features).map { $0.isFinite ? $0 : 0 }
        self.probabilities = zip(bandit.variants, odds).map { Odds(variant: $0, probability: $1) }
        self.pick = zip(bandit.variants, odds).max { $0.1 < $1.1 }?.0 ?? (site.variantIDs.first ?? "")
    }
}
