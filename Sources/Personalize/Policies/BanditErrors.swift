/// Every `PersonalizeError` the policies raise is built here, so that the wording (and the shape of
/// the error's payload) lives in one place.
enum BanditErrors {
    static func unknownPolicy(_ name: String) -> PersonalizeError { .unknownPolicy(name) }
    static func unknownFeature(_ name: String) -> PersonalizeError { .unknownFeature(name) }
    static var noVariants: PersonalizeError { .noVariants }
    static func duplicateVariant(_ id: String) -> PersonalizeError { .duplicateVariant(id) }
    static func unknownVariant(_ id: String) -> PersonalizeError { .unknownVariant(id) }
    static func foreignReading(_ detail: String) -> PersonalizeError { .foreignReading(detail) }
    static func invalidReward(_ value: Double) -> PersonalizeError { .invalidReward(value) }
    static func unknownDecision(_ id: String) -> PersonalizeError { .unknownDecision(id) }
    static func repeatedDecision(_ id: String) -> PersonalizeError { .repeatedDecision(id) }
    static func corruptState(_ message: String) -> PersonalizeError { .corruptState(message) }
    static func invalidSetting(_ key: String, _ message: String) -> PersonalizeError {
        .invalidSetting(key: key, message: message)
    }
}
