import Foundation
import Personalize

/// One assignment of a visitor to a variant: the impression the bandit learns from, and the row a
/// later conversion joins. `learn == false` marks traffic we record for visit tracking only (bots,
/// previews); it is never replayed into a policy.
package struct DecisionRecord: Sendable, Equatable {
    package var id: String
    package var site: String
    package var variant: String
    package var propensity: Double
    package var encodedFeatures: EncodedFeatures
    package var features: [String: String] {
        get { encodedFeatures.values }
        set { encodedFeatures = EncodedFeatures(newValue) }
    }
    package var pinned: Bool
    package var learn: Bool
    /// Stored with millisecond precision; the initializer truncates so a record equals its stored copy.
    package var at: Date
    /// The QR placement (`p=`) the visitor came from, when the site declares it; nil otherwise.
    package var placement: String?
    /// The `src=` token, sanitised; nil when absent or not a short token.
    package var source: String?
    /// Every variant's probability under the policy for this decision, in the site's variant
    /// order (empty: not known, e.g. rows from before schema 3). What sample-ratio checks sum.
    package var probabilities: [Double]
    /// Nil for a decision made here; for one another node made, pulled from the shared store, the
    /// outbox it came from (`EventStore.outboxID`), so the shipper never sends it back. Written,
    /// not read back by the store's queries (only the shipper filters on it).
    package var origin: String?

    package init(
        id: String, site: String, variant: String, propensity: Double, features: [String: String],
        pinned: Bool, learn: Bool, at: Date, placement: String? = nil, source: String? = nil,
        probabilities: [Double] = [], origin: String? = nil
    ) {
        self.init(
            id: id, site: site, variant: variant, propensity: propensity, features: EncodedFeatures(features),
            pinned: pinned, learn: learn, at: at, placement: placement, source: source, probabilities: probabilities,
            origin: origin)
    }

    package init(
        id: String, site: String, variant: String, propensity: Double, features: EncodedFeatures,
        pinned: Bool, learn: Bool, at: Date, placement: String? = nil, source: String? = nil,
        probabilities: [Double] = [], origin: String? = nil
    ) {
        self.id = id
        self.site = site
        self.variant = variant
        self.propensity = propensity
        self.encodedFeatures = features
        self.pinned = pinned
        self.learn = learn
        self.at = Date(storeMilliseconds: at.storeMilliseconds)
        self.placement = placement
        self.source = source
        self.probabilities = probabilities
        self.origin = origin
    }

    /// The one way a policy's decision becomes a record (pages and the decision API alike), so
    /// every row carries the same fields with the same meaning.
    package static func make(
        id: String, site: String, decision: Decision, probabilities: [Double], features: EncodedFeatures,
        learn: Bool, at: Date, origin: VisitOrigin = .none
    ) -> DecisionRecord {
        DecisionRecord(
            id: id, site: site, variant: decision.variant, propensity: decision.propensity, features: features,
            pinned: false, learn: learn, at: at, placement: origin.placement, source: origin.source,
            probabilities: probabilities)
    }

    /// A pinned placement chose the variant, not the policy: propensity 1, never learned from, and
    /// no policy probabilities to log.
    package static func pinned(
        id: String, site: String, variant: String, features: EncodedFeatures, at: Date, origin: VisitOrigin
    ) -> DecisionRecord {
        DecisionRecord(
            id: id, site: site, variant: variant, propensity: 1, features: features, pinned: true, learn: false,
            at: at, placement: origin.placement, source: origin.source, probabilities: [])
    }
}

/// Where a visit came from, read from hostile query parameters and kept only when valid: the
/// placement must be one the site declares, the source a short token.
package struct VisitOrigin: Sendable, Equatable {
    package var placement: String?
    package var source: String?

    package static let none = VisitOrigin(placement: nil, source: nil)

    package init(placement: String?, source: String?) {
        self.placement = placement
        self.source = source
    }

    /// `p` kept only when in `declared`; `src` by the rule the context's `source` feature follows
    /// (`CategoryValue`).
    package init(placement rawPlacement: String?, source rawSource: String?, declared: Set<String>) {
        placement = rawPlacement.flatMap { declared.contains($0) ? $0 : nil }
        source = rawSource.flatMap(CategoryValue.sanitise)
    }

    /// A QR scan: the request names a declared placement or says `src=qr`.
    package var isScan: Bool { placement != nil || source == "qr" }
}

extension Date {
    /// Milliseconds since 1970, the unit of every `at` column. Rounded to nearest so that converting a
    /// stored value to `Date` and back gives the same number despite binary floating point.
    package var storeMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    package init(storeMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(storeMilliseconds) / 1000)
    }
}
