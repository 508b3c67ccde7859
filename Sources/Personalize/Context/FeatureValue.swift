/// Feature values that come from a caller rather than from a request (`POST /ml/bandit/select`):
/// each is accepted only in a form the extractor itself could have produced, so the policy never
/// learns a segment no page visitor can fall into (`hour: 99`, `device: phone`).
package enum FeatureValue {
    static let operatingSystems: Set<String> = ["ios", "android", "windows", "macos", "linux", "chromeos", "other"]
    static let dayparts: Set<String> = ["morning", "afternoon", "evening", "night"]

    /// The value as the extractor writes it (`"mobile"`, `"18"`, `"IT"`), `unknown` as is, or nil
    /// when `raw` is not a possible value of `feature`. Extras, `source` and `language` follow the
    /// rule for free-form categories.
    package static func normalised(_ raw: String, for feature: String) -> String? {
        if raw == Context.unknown { return raw }
        switch feature {
        case "device": return Device(rawValue: raw.lowercased())?.rawValue
        case "country": return CountryCode.parse(raw)
        case "os": return operatingSystems.contains(raw.lowercased()) ? raw.lowercased() : nil
        case "hour": return Int(raw).flatMap { (0...23).contains($0) ? String($0) : nil }
        case "weekday": return Int(raw).flatMap { (1...7).contains($0) ? String($0) : nil }
        case "daypart": return dayparts.contains(raw.lowercased()) ? raw.lowercased() : nil
        default: return CategoryValue.sanitise(raw)
        }
    }
}
