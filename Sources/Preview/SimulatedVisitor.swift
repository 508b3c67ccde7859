import Foundation
import Personalize
import Runtime

/// The visitor an author pretends to be in preview: any field left nil comes from the real request
/// (the author's own browser, clock and headers).
package struct SimulatedVisitor: Sendable, Equatable, Codable {
    package var device: Device?
    /// ISO 3166-1 alpha-2, uppercase.
    package var country: String?
    /// 0–23, in the site's time zone.
    package var hour: Int?
    /// ISO weekday, 1 = Monday … 7 = Sunday.
    package var weekday: Int?
    package var source: String?
    /// A variant the author forces; nil lets the policy pick for this visitor.
    package var variant: String?

    package init(
        device: Device? = nil, country: String? = nil, hour: Int? = nil, weekday: Int? = nil,
        source: String? = nil, variant: String? = nil
    ) {
        self.device = device
        self.country = country
        self.hour = hour
        self.weekday = weekday
        self.source = source
        self.variant = variant
    }

    package static let keys = ["device", "country", "hour", "weekday", "source", "variant"]

    /// Reads `--as country=FR,device=mobile,hour=19`. Unknown keys and bad values are errors, so a
    /// typo is not silently previewed as the author's own context.
    package init(parsing text: String) throws(SimulatedVisitorError) {
        self.init()
        for item in text.split(separator: ",", omittingEmptySubsequences: true) {
            guard let equals = item.firstIndex(of: "=") else {
                throw SimulatedVisitorError("'\(item)' is not key=value (keys: \(Self.keys.joined(separator: ", ")))")
            }
            let key = item[..<equals].trimmingCharacters(in: .whitespaces)
            let value = item[item.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard Self.keys.contains(key) else {
                throw SimulatedVisitorError("unknown key '\(key)' (keys: \(Self.keys.joined(separator: ", ")))")
            }
            guard try apply(key: key, value: value) else {
                throw SimulatedVisitorError("bad value '\(value)' for \(key): \(Self.allowed(key))")
            }
        }
    }

    /// Overlays `key=value` pairs (a query string or the preview cookie), ignoring what does not
    /// parse: these come from the browser and must never fail a page. An empty value clears.
    package func overlaid(with pairs: [String: String]) -> SimulatedVisitor {
        var result = self
        for key in Self.keys {
            guard let value = pairs[key] else { continue }
            _ = try? result.apply(key: key, value: value)
        }
        return result
    }

    /// Sets one field; false when the value is not valid for it.
    private mutating func apply(key: String, value: String) throws(SimulatedVisitorError) -> Bool {
        let clear = value.isEmpty || value == "auto"
        switch key {
        case "device":
            if clear { device = nil; return true }
            guard let parsed = Device(rawValue: value.lowercased()) else { return false }
            device = parsed
        case "country":
            if clear { country = nil; return true }
            guard let parsed = Self.countryCode(value) else { return false }
            country = parsed
        case "hour":
            if clear { hour = nil; return true }
            guard let parsed = Int(value), (0...23).contains(parsed) else { return false }
            hour = parsed
        case "weekday":
            if clear { weekday = nil; return true }
            guard let parsed = Int(value), (1...7).contains(parsed) else { return false }
            weekday = parsed
        case "source":
            if clear { source = nil; return true }
            guard let parsed = CategoryValue.sanitise(value) else { return false }
            source = parsed
        case "variant":
            if clear || value == "policy" { variant = nil; return true }
            // Checked against the site's variants when serving; here only its shape.
            guard value.utf8.count <= 40, CategoryValue.sanitise(String(value.prefix(32))) != nil else { return false }
            variant = value
        default:
            throw SimulatedVisitorError("unknown key '\(key)'")
        }
        return true
    }

    /// What a key takes, said the way a user types it.
    static func allowed(_ key: String) -> String {
        switch key {
        case "device": "use one of \(Device.allCases.map(\.rawValue).joined(separator: ", ")) (or auto)"
        case "country": "use a two-letter country code such as FR or US (or auto)"
        case "hour": "use an hour from 0 to 23 (or auto)"
        case "weekday": "use a day from 1 (Monday) to 7 (Sunday) (or auto)"
        case "source": "use a word of letters, digits, - and _, such as qr or email (or auto)"
        default: "use a variant id of the site (or policy)"
        }
    }

    /// Two ASCII letters, uppercased: the shape the context extractor accepts from CDN headers.
    static func countryCode(_ raw: String) -> String? {
        let bytes = Array(raw.utf8)
        guard bytes.count == 2, bytes.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) else { return nil }
        return raw.uppercased()
    }

    /// The real context with the simulated fields put over it.
    package func applied(to context: Context) -> Context {
        var result = context
        if let device { result.device = device }
        if let country { result.country = country }
        if let hour { result.hour = hour }
        if let weekday { result.weekday = weekday }
        if let source { result.source = source }
        return result
    }
}

package struct SimulatedVisitorError: Error, Sendable, CustomStringConvertible {
    package var description: String
    init(_ description: String) { self.description = description }
}
