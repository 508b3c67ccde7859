/// The context of one request, as categorical values the bandit can condition on.
package struct Context: Sendable, Hashable, Codable {
    /// ISO 3166-1 alpha-2, uppercase; nil when no trusted header gave a valid code.
    package var country: String?
    package var device: Device
    /// One of ios, android, windows, macos, linux, chromeos, other; nil when there is no User-Agent.
    package var os: String?
    /// Local hour in the site's time zone, 0–23.
    package var hour: Int
    /// Local ISO weekday in the site's time zone, 1 = Monday … 7 = Sunday.
    package var weekday: Int
    /// Sanitised `src` query parameter (lowercase `[a-z0-9_-]`, at most 32 characters).
    package var source: String?
    /// Primary language subtag of the preferred Accept-Language entry, lowercase.
    package var language: String?
    /// Every configured extra feature by name: its sanitised value, or `unknown` when absent or
    /// invalid.
    package var extras: [String: String]

    package init(
        country: String? = nil,
        device: Device,
        os: String? = nil,
        hour: Int,
        weekday: Int,
        source: String? = nil,
        language: String? = nil,
        extras: [String: String] = [:]
    ) {
        self.country = country
        self.device = device
        self.os = os
        self.hour = hour
        self.weekday = weekday
        self.source = source
        self.language = language
        self.extras = extras
    }

    /// Bots are served but never learned from.
    package var isBot: Bool { device == .bot }

    /// The value every absent feature takes, so that "missing" is a category the bandit can learn.
    package static let unknown = "unknown"

    /// Coarse time of day: night 0–5, morning 6–11, afternoon 12–17, evening 18–23.
    package var daypart: String { Context.daypart(hour: hour) }

    package static func daypart(hour: Int) -> String {
        switch hour {
        case 6..<12: return "morning"
        case 12..<18: return "afternoon"
        case 18..<24: return "evening"
        default: return "night"
        }
    }

    /// Every feature as a categorical string, absent ones as `unknown`; extras keep their names.
    ///
    /// Built-in names win over an extra of the same name (the extractor refuses such configs).
    package var features: [String: String] {
        var result = extras
        result.reserveCapacity(extras.count + 8)
        result["country"] = country ?? Context.unknown
        result["device"] = device.rawValue
        result["os"] = os ?? Context.unknown
        result["hour"] = String(hour)
        result["weekday"] = String(weekday)
        result["daypart"] = daypart
        result["source"] = source ?? Context.unknown
        result["language"] = language ?? Context.unknown
        return result
    }
}
