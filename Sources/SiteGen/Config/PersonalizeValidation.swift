import Personalize

/// Asks the policy itself whether a `personalize:` block makes sense for these variants, so the
/// build fails on settings the runtime would refuse later.
enum PersonalizeValidation {
    struct Problem {
        /// The offending key within `personalize:`, when the error names one: `alpha`,
        /// `extras[1].header`.
        var key: String?
        var message: String
    }

    static func problem(_ config: PersonalizeConfig, variantIDs: [String]) -> Problem? {
        do {
            // The runtime's context extractor and the policy would refuse (or silently misread)
            // what these reject; the build must say so first.
            try config.validate()
            _ = try Bandit(variants: variantIDs, config: config)
            return nil
        } catch {
            return Problem(key: key(of: error), message: error.description)
        }
    }

    private static func key(of error: PersonalizeError) -> String? {
        switch error {
        case .unknownPolicy: return "policy"
        case .unknownFeature: return "features"
        case .invalidSetting(let key, _): return key
        default: return nil
        }
    }
}
