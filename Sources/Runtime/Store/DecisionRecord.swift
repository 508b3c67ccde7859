import Foundation

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

    package init(
        id: String, site: String, variant: String, propensity: Double, features: [String: String],
        pinned: Bool, learn: Bool, at: Date
    ) {
        self.init(
            id: id, site: site, variant: variant, propensity: propensity, features: EncodedFeatures(features),
            pinned: pinned, learn: learn, at: at)
    }

    package init(
        id: String, site: String, variant: String, propensity: Double, features: EncodedFeatures,
        pinned: Bool, learn: Bool, at: Date
    ) {
        self.id = id
        self.site = site
        self.variant = variant
        self.propensity = propensity
        self.encodedFeatures = features
        self.pinned = pinned
        self.learn = learn
        self.at = Date(storeMilliseconds: at.storeMilliseconds)
    }
}

extension Date {
    /// Milliseconds since 1970, the unit of every `at` column. Rounded to nearest so that converting a
    /// stored value to `Date` and back gives the same number despite binary floating point.
    var storeMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(storeMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(storeMilliseconds) / 1000)
    }
}
