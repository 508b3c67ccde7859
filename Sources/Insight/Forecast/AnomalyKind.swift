/// What kind of anomaly; raw values are how the API spells them.
package enum AnomalyKind: String, Sendable, Codable, CaseIterable {
    /// Traffic well below the forecast's band for a while.
    case drop
    /// Traffic well above it.
    case spike
    /// No traffic at all while some was clearly expected (a covered poster, a dead redirect).
    case zero
    /// One variant's conversion rate collapsed against its own history (a broken checkout link).
    case rateCollapse = "rate-collapse"
}
