import Foundation

/// A conversion as the beacon sends it: JSON `{"goal":"reserve","value":25}` or a form
/// `goal=reserve&value=25` (sendBeacon with a string or FormData; non-JS forms).
package struct ConversionInput: Equatable {
    package var goal: String
    package var value: Double?

    private struct JSONShape: Decodable {
        var goal: String
        var value: Double?
    }

    package static func parse(_ bytes: [UInt8]) throws(BodyError) -> ConversionInput {
        let firstNonSpace = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if firstNonSpace == UInt8(ascii: "{") {
            let shape = try JSONInput.decode(JSONShape.self, from: bytes)
            return ConversionInput(goal: shape.goal, value: shape.value)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw BodyError(response: Responses.error(.badRequest, "body is not UTF-8"))
        }
        let form = QueryString(text)
        guard let goal = form.value("goal"), !goal.isEmpty else {
            let given = form.raw.split(separator: "&").first { $0.hasPrefix("goal=") }
            let problem =
                given == nil
                ? "missing field 'goal' (JSON {\"goal\":…} or form goal=…)"
                : given == "goal=" ? "field 'goal' is empty" : "field 'goal' is not valid percent-encoded UTF-8"
            throw BodyError(response: Responses.error(.badRequest, problem))
        }
        var value: Double?
        if let raw = form.value("value"), !raw.isEmpty {
            guard let number = Double(raw) else {
                throw BodyError(response: Responses.error(.badRequest, "field 'value' must be a number"))
            }
            value = number
        }
        return ConversionInput(goal: goal, value: value)
    }
}
