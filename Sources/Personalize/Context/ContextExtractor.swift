import Foundation

/// Derives a `Context` from a `RequestDescription`, once per request, in about a microsecond.
///
/// Everything that can be prepared is prepared at init: header names as lowercase bytes, the
/// User-Agent token automaton, and the time zone's offset transitions.
public struct ContextExtractor: Sendable {
    public let timeZone: TimeZone
    public let countryHeaders: [String]
    public let extras: [ExtraFeature]

    private let clock: ZoneClock
    private let classifier = DeviceClassifier()
    /// Header names looked up per request, each with the slot its value lands in.
    private let headerSlots: [(name: HeaderName, slot: Int)]
    private let countrySlots: Range<Int>
    private let extraSlots: [Int?]  // per extra: its header slot, nil for query extras

    private static let userAgentSlot = 0
    private static let mobileHintSlot = 1
    private static let platformHintSlot = 2
    private static let acceptLanguageSlot = 3
    private static let fixedSlots = 4

    /// Never fails: an extra whose name clashes with a built-in feature is shadowed by it in
    /// `Context.features` (`init(config:timezone:)` rejects such configs).
    public init(
        timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .current,
        countryHeaders: [String] = PersonalizeConfig.defaultCountryHeaders,
        extras: [ExtraFeature] = []
    ) {
        self.timeZone = timeZone
        self.countryHeaders = countryHeaders
        self.extras = extras
        clock = ZoneClock(timeZone: timeZone)
        var slots: [(name: HeaderName, slot: Int)] = [
            (HeaderName("User-Agent"), Self.userAgentSlot),
            (HeaderName("Sec-CH-UA-Mobile"), Self.mobileHintSlot),
            (HeaderName("Sec-CH-UA-Platform"), Self.platformHintSlot),
            (HeaderName("Accept-Language"), Self.acceptLanguageSlot),
        ]
        var next = Self.fixedSlots
        for name in countryHeaders {
            slots.append((HeaderName(name), next))
            next += 1
        }
        countrySlots = Self.fixedSlots..<next
        var extraSlots: [Int?] = []
        for extra in extras {
            if case .header(let name) = extra.origin {
                slots.append((HeaderName(name), next))
                extraSlots.append(next)
                next += 1
            } else {
                extraSlots.append(nil)
            }
        }
        self.extraSlots = extraSlots
        headerSlots = slots
    }

    /// The extractor for a site: its `personalize:` block and its `timezone:` (an IANA name).
    public init(config: PersonalizeConfig, timezone identifier: String) throws(PersonalizeError) {
        guard let zone = TimeZone(identifier: identifier) else {
            throw .unknownTimeZone(identifier)
        }
        var names = Set(PersonalizeConfig.builtInFeatures)
        for extra in config.extras {
            guard CategoryValue.sanitise(extra.name) == extra.name else {
                throw .invalidSetting(
                    key: "extras",
                    message: "feature name '\(extra.name)' must be 1–32 characters of a-z, 0-9, - or _")
            }
            guard names.insert(extra.name).inserted else {
                throw .invalidSetting(
                    key: "extras",
                    message: "feature name '\(extra.name)' is already a built-in or earlier feature")
            }
            switch extra.origin {
            case .query(let name) where name.isEmpty, .header(let name) where name.isEmpty:
                throw .invalidSetting(
                    key: "extras", message: "feature '\(extra.name)' reads from an empty name")
            default: break
            }
        }
        for header in config.countryHeaders where header.isEmpty {
            throw .invalidSetting(key: "country_headers", message: "header names must not be empty")
        }
        self.init(timeZone: zone, countryHeaders: config.countryHeaders, extras: config.extras)
    }

    public func context(for request: RequestDescription) -> Context {
        let values = headerValues(request.headers)
        let (device, os) = {
            let result = classifier.classify(
                userAgent: values[Self.userAgentSlot],
                mobileHint: values[Self.mobileHintSlot],
                platformHint: values[Self.platformHintSlot])
            return (result.device, result.os)
        }()
        // The first trusted header present decides, even when it says "unknown": a later, less
        // trusted header must not overrule the CDN.
        var country: String? = nil
        if let present = countrySlots.lazy.compactMap({ values[$0] }).first {
            country = CountryCode.parse(present)
        }
        let (hour, weekday) = clock.hourAndWeekday(request.date)
        var extraValues: [String: String] = [:]
        if !extras.isEmpty {
            extraValues.reserveCapacity(extras.count)
            for (index, extra) in extras.enumerated() {
                let raw: String?
                switch extra.origin {
                case .query(let name): raw = request.query[name]
                case .header: raw = extraSlots[index].flatMap { values[$0] }
                }
                extraValues[extra.name] = raw.flatMap(CategoryValue.sanitise) ?? Context.unknown
            }
        }
        return Context(
            country: country,
            device: device,
            os: os,
            hour: hour,
            weekday: weekday,
            source: request.query["src"].flatMap(CategoryValue.sanitise),
            language: values[Self.acceptLanguageSlot].flatMap(AcceptLanguage.preferred),
            extras: extraValues)
    }

    /// One pass over the request's headers; the first occurrence of each wanted name wins.
    private func headerValues(_ headers: [(name: String, value: String)]) -> [String?] {
        var values = [String?](repeating: nil, count: headerSlots.count)
        for header in headers {
            var name = header.name
            name.withUTF8 { bytes in
                for wanted in headerSlots where values[wanted.slot] == nil && wanted.name.matches(bytes) {
                    values[wanted.slot] = header.value
                }
            }
        }
        return values
    }
}
