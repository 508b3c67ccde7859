import Foundation

/// The report as JSON: sorted keys, pretty printed, ISO 8601 dates, no NaN or Infinity.
package enum SiteReportJSON {
    /// Non-finite numbers are first written as this string, then replaced by `null`: the encoder's
    /// only alternatives are throwing (losing the whole report for one bad value) or writing
    /// "NaN"/"Infinity", which the contract forbids. The control character makes a clash with a
    /// real string value practically impossible.
    static let nonFiniteMarker = "\u{1}sitegen-non-finite\u{1}"

    package static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFiniteMarker, negativeInfinity: nonFiniteMarker, nan: nonFiniteMarker)
        return encoder
    }

    /// Any of the report's or the forecasts' answers, with the same rules.
    package static func encode<Value: Encodable>(_ value: Value) throws -> Data {
        let data = try encoder().encode(value)
        let quotedMarker = try JSONEncoder().encode(nonFiniteMarker)
        guard let text = String(data: data, encoding: .utf8), let marker = String(data: quotedMarker, encoding: .utf8)
        else {
            return data
        }
        return Data((text.replacingOccurrences(of: marker, with: "null") + "\n").utf8)
    }

    package static func render(_ report: SiteReport) throws -> String {
        String(decoding: try encode(report), as: UTF8.self)
    }

    package static func decode(_ data: Data) throws -> SiteReport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(SiteReport.self, from: data)
    }
}
