import Foundation

/// Derives a `Context` from a `RequestDescription`, once per request, in about a microsecond.
///
/// Everything that can be prepared is prepared at init: header names as lowercase bytes, the
/// User-Agent token automaton, and the time zone's offset transitions.
package struct ContextExtractor: Sendable {
    package let timeZone: TimeZone
    package let countryHeaders: [String]
    package let extras: [ExtraFeature]

    private let clock: ZoneClock
    private let classifier = DeviceClassifier()
    private let lookup: HeaderLookup

    /// Never fails: an extra whose name clashes with a built-in feature is shadowed by it in
    /// `Context.features` (`init(config:timezone:)` rejects such configs).
    package init(
        timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .current,
        countryHeaders: [String] = PersonalizeConfig.defaultCountryHeaders,
        extras: [ExtraFeature] = []
    ) {
        self.timeZone = timeZone
        self.countryHeaders = countryHeaders
        self.extras = extras
        clock = ZoneClock(timeZone: timeZone)
        var extraHeaders: [(index: Int, name: String)] = []
        for (index, extra) in extras.enumerated() {
            if case .header(let name) = extra.origin { extraHeaders.append((index, name)) }
        }
        lookup = HeaderLookup(
            countryHeaders: countryHeaders, extraHeaders: extraHeaders,
            extraCount: extraHeaders.isEmpty ? 0 : extras.count)
    }

    /// The extractor for a site: its `personalize:` block and its `timezone:` (an IANA name).
    package init(config: PersonalizeConfig, timezone identifier: String) throws(PersonalizeError) {
        guard let zone = TimeZone(identifier: identifier) else {
            throw .unknownTimeZone(identifier)
        }
        var names = Set(PersonalizeConfig.builtInFeatures)
        for extra in config.extras {
            guard CategoryValue.sanitise(extra.name) == extra.name else {
                throw .invalidSetting(
                    key: "extras",
                    message:
                        "feature name '\(extra.name)' must be 1–32 characters of a-z, 0-9, - or _")
            }
            guard names.insert(extra.name).inserted else {
                throw .invalidSetting(
                    key: "extras",
                    message: "feature name '\(extra.name)' is already a built-in or earlier feature"
                )
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

    /// Whether `context(for:)` looks at header fields of this name (as sent, any case): a caller
    /// can then hand over only those, instead of a String pair for every field of the request.
    package func readsHeader(named name: UnsafeBufferPointer<UInt8>) -> Bool {
        lookup.reads(name)
    }

    package func readsHeader(named name: String) -> Bool {
        var name = name
        return name.withUTF8 { lookup.reads($0) }
    }

    package func context(for request: RequestDescription) -> Context {
        let headers = request.headers
        let found = lookup.find(in: headers)
        func value(_ position: Int) -> String? { position >= 0 ? headers[position].value : nil }

        let device = classifier.classify(
            userAgent: value(found.userAgent),
            mobileHint: value(found.mobileHint),
            platformHint: value(found.platformHint))
        // The most trusted header present decides, even when it says "unknown": a less trusted
        // header must not overrule the CDN.
        let country = value(found.country).flatMap(CountryCode.parse)
        let (hour, weekday) = clock.hourAndWeekday(request.date)
        var extraValues: [String: String] = [:]
        if !extras.isEmpty {
            extraValues.reserveCapacity(extras.count)
            for (index, extra) in extras.enumerated() {
                let raw: String?
                switch extra.origin {
                case .query(let name): raw = request.query[name]
                case .header: raw = value(found.extras[index])
                }
                extraValues[extra.name] = raw.flatMap(CategoryValue.sanitise) ?? Context.unknown
            }
        }
        return Context(
            country: country,
            device: device.device,
            os: device.os,
            hour: hour,
            weekday: weekday,
            source: request.query["src"].flatMap(CategoryValue.sanitise),
            language: value(found.acceptLanguage).flatMap(AcceptLanguage.preferred),
            extras: extraValues)
    }
}
