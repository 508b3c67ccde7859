import Foundation

/// The data a template renders: JSON's shapes plus native helper functions.
///
/// Site configuration, front matter and variant params all arrive as YAML or JSON, so one
/// value type carries them from parsing through rendering to `manifest.json`.
package enum TemplateValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([TemplateValue])
    case object([String: TemplateValue])
    /// A helper the build provides, such as `{{#asset}}css/site.css{{/asset}}`: it receives the
    /// section's text, rendered in the current context, and returns HTML to insert verbatim.
    case function(TemplateFunction)
}

/// A native helper callable from a template section. It may throw to fail the build with the
/// section's position attached by the renderer.
package struct TemplateFunction: Sendable {
    package let name: String
    package let call: @Sendable (String) throws -> String

    package init(name: String, _ call: @escaping @Sendable (String) throws -> String) {
        self.name = name
        self.call = call
    }
}

extension TemplateValue {
    /// Looks up a key of an object; anything else has no keys.
    package subscript(key: String) -> TemplateValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The text an interpolation inserts (before escaping).
    package var interpolated: String {
        switch self {
        case .null: return ""
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value):
            if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
            return String(value)
        case .string(let value): return value
        case .array, .object: return ""
        case .function(let function): return (try? function.call("")) ?? ""
        }
    }

    /// Mustache truthiness: null, false, empty lists and empty strings hide a section.
    package var isFalsey: Bool {
        switch self {
        case .null: return true
        case .bool(let value): return !value
        case .array(let items): return items.isEmpty
        case .string(let value): return value.isEmpty
        default: return false
        }
    }

    /// Overlays `other`'s keys onto this object; non-objects are replaced whole.
    package func merging(_ other: TemplateValue) -> TemplateValue {
        guard case .object(var mine) = self, case .object(let theirs) = other else { return other }
        for (key, value) in theirs { mine[key] = value }
        return .object(mine)
    }
}

extension TemplateValue: Equatable {
    package static func == (lhs: TemplateValue, rhs: TemplateValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        case (.function(let a), .function(let b)): return a.name == b.name
        default: return false
        }
    }
}

extension TemplateValue: Codable {
    package init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([TemplateValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: TemplateValue].self))
        }
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null, .function: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int) { self = .int(value) }
    package init(floatLiteral value: Double) { self = .double(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(arrayLiteral elements: TemplateValue...) { self = .array(elements) }
    package init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    package init(nilLiteral: ()) { self = .null }
}
