import Personalize

/// A site's features per context, built and encoded once.
///
/// Contexts repeat: a menu's visitors within an hour mostly differ by device and language.
/// Building the feature dictionary and its stored form cost more per new visitor than the
/// bandit's decision; a hit costs one hash of the context.
struct ContextFeatureCache: Sendable {
    static let capacity = 4096
    private let cache = BoundedCache<Context, EncodedFeatures>(capacity: Self.capacity)

    func features(for context: Context) -> EncodedFeatures {
        cache.value(for: context) { EncodedFeatures(context.features) }
    }
}
