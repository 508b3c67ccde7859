import Foundation
import FuzzSupport
import Personalize

// Every page request runs the context extractor over the visitor's User-Agent, client hints,
// country and language headers and `src`: all attacker-controlled, read through unsafe buffers.
// The input is up to eight LF-separated values: User-Agent, Sec-CH-UA-Mobile,
// Sec-CH-UA-Platform, CF-IPCountry, Accept-Language, `src`, an extra header and an extra query
// parameter; a value left out is a header not sent. A hash of the input picks the time, the
// site's time zone and the case of the header names. Every output must be one of the values the
// policy was configured for.

@_cdecl("FuzzClassifier_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    startFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let parts = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 7, omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }

    let names = ["User-Agent", "Sec-CH-UA-Mobile", "Sec-CH-UA-Platform", "CF-IPCountry", "Accept-Language"]
    var headers: [(name: String, value: String)] = []
    for (index, name) in names.enumerated() where index < parts.count {
        // Names arrive in any case; the extractor must match them all the same.
        let sent = hash >> UInt64(index) & 1 == 0 ? name : name.lowercased()
        headers.append((sent, parts[index]))
    }
    if parts.count > 6 { headers.append(("x-tier", parts[6])) }
    // A second User-Agent must not win over the first.
    if hash & 0x100 != 0 { headers.append(("User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)")) }
    var query: [String: String] = [:]
    if parts.count > 5 { query["src"] = parts[5] }
    if parts.count > 7 { query["ref"] = parts[7] }
    let date = Date(timeIntervalSince1970: Double(hash % 8_000_000_000) - 2_000_000_000)
    let zone = zones[Int(hash >> 16 % UInt64(zones.count))]
    let request = RequestDescription(headers: headers, query: query, date: date)
    let context = zone.extractor.context(for: request)

    let userAgent = parts.first
    if userAgent == nil {
        check(context.device == .bot && context.os == nil, "no User-Agent: \(context)")
    }
    if let os = context.os {
        check(knownSystems.contains(os), "os \(os)")
    } else {
        check(context.device == .bot, "no os for \(context.device)")
    }
    if let country = context.country {
        check(
            country.utf8.count == 2 && country.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A } && country != "XX"
                && country != "ZZ", "country \(country)")
    }
    if let language = context.language {
        check(
            (2...3).contains(language.utf8.count) && language.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A },
            "language \(language)")
    }
    check(context.source.map(isCategory) ?? true, "source \(context.source ?? "")")
    check(context.source == nil || query["src"] != nil, "source without src")
    check(context.extras.keys.sorted() == ["ref", "tier"], "extras \(context.extras.keys)")
    for value in context.extras.values {
        check(value == "unknown" || isCategory(value), "extra value \(value)")
    }
    // Hour and weekday are the site's local ones, as Foundation's calendar gives them.
    let local = zone.calendar.dateComponents([.hour, .weekday], from: date)
    check(context.hour == local.hour, "hour \(context.hour), expected \(local.hour ?? -1) in \(zone.name) at \(date)")
    check(context.weekday == ((local.weekday ?? 0) + 5) % 7 + 1, "weekday \(context.weekday) in \(zone.name)")
    check((0..<24).contains(context.hour) && (1...7).contains(context.weekday), "hour or weekday out of range")
    // The second look comes from the User-Agent cache and must agree with the first.
    check(zone.extractor.context(for: request) == context, "a second look disagrees")
    return 0
}

private let knownSystems: Set = ["ios", "android", "windows", "macos", "linux", "chromeos", "other"]

/// `[a-z0-9_-]{1,32}`, what `src` and extras are sanitised to.
private func isCategory(_ value: String) -> Bool {
    (1...32).contains(value.utf8.count)
        && value.utf8.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F
        }
}

private struct Zone {
    let name: String
    let extractor: ContextExtractor
    let calendar: Calendar
}

private let zones: [Zone] = ["UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"].map {
    name in
    guard let timeZone = TimeZone(identifier: name) else { fatalError("no time zone \(name)") }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let extractor = ContextExtractor(
        timeZone: timeZone, countryHeaders: ["CF-IPCountry"],
        extras: [ExtraFeature(name: "tier", origin: .header("X-Tier")), .query("ref")])
    return Zone(name: name, extractor: extractor, calendar: calendar)
}
