/// Everything that can go wrong inside `Personalize`: configuration, feedback and learned state.
///
/// Each case carries the offending value so that the message names it; callers add the file or
/// request it came from.
package enum PersonalizeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `policy:` names no known policy.
    case unknownPolicy(String)
    /// `features:` or `interactions:` names a feature that no extractor produces.
    case unknownFeature(String)
    /// A bandit was asked to choose among zero variants.
    case noVariants
    /// The same variant id was given twice.
    case duplicateVariant(String)
    /// A reward that is NaN, infinite or outside what the policy accepts.
    case invalidReward(Double)
    /// Feedback for a decision id the ledger never issued (or has forgotten).
    case unknownDecision(String)
    /// Feedback for a decision id that was already settled.
    case repeatedDecision(String)
    /// Serialized policy state that cannot be read back.
    case corruptState(String)
    /// A `personalize:` setting with a value out of range or inconsistent with another.
    case invalidSetting(key: String, message: String)
    /// A `timezone:` that is not an IANA zone identifier known to this system.
    case unknownTimeZone(String)
    /// A variant id that the site does not declare.
    case unknownVariant(String)
    /// A `SlotReading` made by a bandit with other slots, or a variant index out of range:
    /// a caller's mistake, never a visitor's.
    case foreignReading(String)

    package var description: String {
        switch self {
        case .unknownPolicy(let name):
            let known = PolicyKind.names.joined(separator: ", ")
            return "unknown policy '\(name)' (known: \(known))"
        case .unknownFeature(let name):
            return "unknown context feature '\(name)'"
        case .noVariants:
            return "no variants to choose from: a site needs at least one variant"
        case .duplicateVariant(let id):
            return "variant '\(id)' is declared more than once"
        case .invalidReward(let value):
            return "invalid reward \(value): rewards must be numbers from 0 to 1,000,000,000"
        case .unknownDecision(let id):
            return "unknown decision id '\(id)'"
        case .repeatedDecision(let id):
            return "decision '\(id)' already received its feedback"
        case .corruptState(let detail):
            return "corrupt policy state: \(detail)"
        case .invalidSetting(let key, let message):
            return "invalid personalize.\(key): \(message)"
        case .unknownTimeZone(let identifier):
            return "unknown time zone '\(identifier)': use an IANA name such as Europe/Paris or UTC"
        case .unknownVariant(let id):
            return "unknown variant '\(id)'"
        case .foreignReading(let detail):
            return "reading does not fit this bandit: \(detail)"
        }
    }
}
