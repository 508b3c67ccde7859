import Yams

/// A YAML node of a scenario file that knows where it is, so every complaint about it can name
/// its line and column.
struct ScenarioNode {
    let node: Node
    let path: String

    func error(_ message: String) -> ScenarioError {
        ScenarioError(path: path, line: node.mark?.line, column: node.mark?.column, message: message)
    }

    /// Key/value pairs of a mapping, in file order, refusing keys outside `allowed` (when given).
    func mapping(_ what: String, allowed: [String]? = nil) throws(ScenarioError) -> [(
        key: String, keyNode: ScenarioNode, value: ScenarioNode
    )] {
        guard let mapping = node.mapping else { throw error("\(what) must be a mapping") }
        var result: [(key: String, keyNode: ScenarioNode, value: ScenarioNode)] = []
        for (k, v) in mapping {
            let keyNode = ScenarioNode(node: k, path: path)
            guard let key = k.string else { throw keyNode.error("\(what): keys must be strings") }
            if let allowed, !allowed.contains(key) {
                throw keyNode.error(
                    "unknown key '\(key)' in \(what) (expected one of: \(allowed.joined(separator: ", ")))")
            }
            result.append((key, keyNode, ScenarioNode(node: v, path: path)))
        }
        return result
    }

    func sequence(_ what: String) throws(ScenarioError) -> [ScenarioNode] {
        guard let sequence = node.sequence else { throw error("\(what) must be a list") }
        return sequence.map { ScenarioNode(node: $0, path: path) }
    }

    func string(_ what: String) throws(ScenarioError) -> String {
        guard let scalar = node.scalar else { throw error("\(what) must be a single value") }
        return scalar.string
    }

    func number(_ what: String, in range: ClosedRange<Double>? = nil) throws(ScenarioError) -> Double {
        guard let scalar = node.scalar, let value = Double(scalar.string), value.isFinite else {
            throw error("\(what) must be a number")
        }
        if let range, !range.contains(value) {
            throw error("\(what) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        return value
    }

    func integer(_ what: String, minimum: Int, maximum: Int) throws(ScenarioError) -> Int {
        guard let scalar = node.scalar, let value = Int(scalar.string) else {
            throw error("\(what) must be a whole number")
        }
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
