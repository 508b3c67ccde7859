import SiteGen
import Templates

/// A node of a scenario file, on the located-YAML reader site.yml uses, with the accessors the
/// scenario reader needs; every complaint names its line and column.
struct ScenarioNode {
    let node: YAMLNode

    func error(_ message: String) -> ScenarioError {
        ScenarioError(
            path: node.location.file, line: node.location.line, column: node.location.column, message: message)
    }

    /// Key/value pairs of a mapping, in file order, refusing keys outside `allowed` (when given).
    func mapping(_ what: String, allowed: [String]? = nil) throws(ScenarioError) -> [(
        key: String, keyNode: ScenarioNode, value: ScenarioNode
    )] {
        guard let entries = node.entries else { throw error("\(what) must be a mapping") }
        var result: [(key: String, keyNode: ScenarioNode, value: ScenarioNode)] = []
        for entry in entries {
            let keyNode = ScenarioNode(node: YAMLNode(kind: .scalar(.string(entry.key)), location: entry.keyLocation))
            if let allowed, !allowed.contains(entry.key) {
                throw keyNode.error(
                    "unknown key '\(entry.key)' in \(what) (expected one of: \(allowed.joined(separator: ", ")))")
            }
            result.append((entry.key, keyNode, ScenarioNode(node: entry.value)))
        }
        return result
    }

    func sequence(_ what: String) throws(ScenarioError) -> [ScenarioNode] {
        guard let items = node.items else { throw error("\(what) must be a list") }
        return items.map { ScenarioNode(node: $0) }
    }

    /// The value as written: numbers and booleans in their YAML spelling.
    func string(_ what: String) throws(ScenarioError) -> String {
        switch node.scalar {
        case .string(let text): return text
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        default: throw error("\(what) must be a single value")
        }
    }

    func number(_ what: String, in range: ClosedRange<Double>? = nil) throws(ScenarioError) -> Double {
        let value: Double
        switch node.scalar {
        case .int(let int): value = Double(int)
        case .double(let double): value = double
        case .string(let text): value = Double(text) ?? .nan
        default: value = .nan
        }
        guard value.isFinite else { throw error("\(what) must be a number") }
        if let range, !range.contains(value) {
            throw error("\(what) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        return value
    }

    func integer(_ what: String, minimum: Int, maximum: Int) throws(ScenarioError) -> Int {
        let parsed: Int?
        switch node.scalar {
        case .int(let int): parsed = int
        case .string(let text): parsed = Int(text)
        default: parsed = nil
        }
        guard let value = parsed else { throw error("\(what) must be a whole number") }
        guard value >= minimum else { throw error("\(what) must be at least \(minimum), got \(value)") }
        guard value <= maximum else { throw error("\(what) must be at most \(maximum), got \(value)") }
        return value
    }

    /// A mapping of names to plain values (`{device: mobile}`), numbers written as text.
    func stringMap(_ what: String) throws(ScenarioError) -> [String: String] {
        var result: [String: String] = [:]
        for (key, _, value) in try mapping(what) { result[key] = try value.string("\(what).\(key)") }
        return result
    }
}
