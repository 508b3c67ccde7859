import Foundation
import Hummingbird

/// Decodes API bodies, turning decoder errors into 400s whose message names the field.
package enum JSONInput {
    package static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(BodyError) -> T {
        guard !bytes.isEmpty else {
            throw BodyError(response: Responses.error(.badRequest, "empty body: expected a JSON object"))
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw BodyError(response: Responses.error(.badRequest, message(error)))
        } catch let error as BodyError {
            throw error
        } catch {
            throw BodyError(response: Responses.error(.badRequest, "malformed JSON: \(error)"))
        }
    }

    static func message(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(path(context.codingPath + [key]))'"
        case .typeMismatch(let type, let context):
            return "field '\(path(context.codingPath))' must be \(describe(type))"
        case .valueNotFound(let type, let context):
            return "field '\(path(context.codingPath))' must be \(describe(type)), not null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
                return "malformed JSON: \(underlying ?? context.debugDescription)"
            }
            return "field '\(path(context.codingPath))': \(context.debugDescription)"
        @unknown default:
            return "invalid JSON body"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce(into: "") { path, key in
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Double.Type, is Int.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Dictionary") { return "an object" }
            if name.hasPrefix("Array") { return "an array" }
            return "a \(name)"
        }
    }
}

/// A field that rejects the wrong type with a message naming it, used for values that may be a
/// string or a number (context features).
enum ScalarValue: Decodable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else {
            throw DecodingError.typeMismatch(
                String.self,
                .init(codingPath: decoder.codingPath, debugDescription: "expected a string, number or boolean"))
        }
    }

    /// The categorical text the policy sees: integers without a fraction ("18", as the extractor writes them).
    var text: String {
        switch self {
        case .string(let value): return value
        case .bool(let value): return value ? "true" : "false"
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
            return String(value)
        }
    }
}
