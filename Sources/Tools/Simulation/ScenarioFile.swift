import Foundation
import Personalize
import SiteGen

/// Reads a simulation scenario from YAML, with the same located-YAML reader as site.yml (alias
/// bombs capped, positions in every error) and its `personalize:` block validated as site.yml's is.
extension Scenario {
    static let fileKeys = [
        "name", "description", "variants", "rounds", "context", "segments", "rates", "revenue", "drift",
        "delay", "personalize",
    ]

    package static func load(path: String) throws(ScenarioError) -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(path: path, message: "cannot read the scenario file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(path: path, message: "the scenario file is not UTF-8")
        }
        return try Scenario(yaml: text, path: path)
    }

    package init(yaml: String, path: String) throws(ScenarioError) {
        let root: YAMLNode
        do {
            root = try YAMLNode.parse(yaml, file: path)
        } catch {
            throw ScenarioError(error)
        }
        if root.entries?.isEmpty == true {
            throw ScenarioError(path: path, message: "the scenario file is empty")
        }
        let top = ScenarioNode(node: root)
        var fields: [String: ScenarioNode] = [:]
        for (key, _, value) in try top.mapping("the scenario", allowed: Self.fileKeys) { fields[key] = value }
        func required(_ key: String) throws(ScenarioError) -> ScenarioNode {
            guard let node = fields[key] else { throw top.error("missing required key '\(key)'") }
            return node
        }

        let name =
            try fields["name"]?.string("name") ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let description = try fields["description"]?.string("description") ?? ""
        let variantNodes = try required("variants").sequence("variants")
        var variants: [String] = []
        for node in variantNodes {
            let id = try node.string("a variant")
            guard !variants.contains(id) else { throw node.error("variant '\(id)' is listed twice") }
            variants.append(id)
        }
        guard !variants.isEmpty else { throw try required("variants").error("list at least one variant") }
        let rounds = try fields["rounds"]?.integer("rounds", minimum: 1, maximum: Self.maximumRounds) ?? 20_000
        let context = try Self.context(try required("context"), segments: fields["segments"])

        let first = try Self.plan(try required("rates"), start: 0, variants: variants, previous: nil)
        var plans = [first]
        if let drift = fields["drift"] {
            var at: Int?
            var over = 0
            for (key, _, value) in try drift.mapping("drift", allowed: ["at", "over", "base", "rules"]) {
                if key == "at" { at = try value.integer("drift.at", minimum: 1, maximum: Self.maximumRounds) }
                if key == "over" { over = try value.integer("drift.over", minimum: 0, maximum: Self.maximumRounds) }
            }
            guard let at else { throw drift.error("drift needs 'at', the round at which rates change") }
            var next = try Self.plan(drift, start: at, variants: variants, previous: first)
            next.ramp = over
            plans.append(next)
        }

        var revenue = Array(repeating: 1.0, count: variants.count)
        if let node = fields["revenue"] {
            for (key, keyNode, value) in try node.mapping("revenue") {
                guard let index = variants.firstIndex(of: key) else {
                    throw keyNode.error("revenue names unknown variant '\(key)'")
                }
                revenue[index] = try value.number("revenue.\(key)", in: 0...1e9)
            }
        }
        let delay = try fields["delay"].map(Self.delay) ?? 0...0
        var personalize = PersonalizeConfig()
        if let node = fields["personalize"] {
            switch PersonalizeBlock.read(node.node, variantIDs: variants) {
            case .success(let config): personalize = config
            case .failure(let failure): throw ScenarioError(failure)
            }
        }
        self.init(
            name: name, description: description, variants: variants, rounds: rounds, context: context, plans: plans,
            revenue: revenue, delay: delay, personalize: personalize)
    }

    private static func context(_ node: ScenarioNode, segments: ScenarioNode?) throws(ScenarioError)
        -> ContextDistribution
    {
        var features: [ContextDistribution.Feature] = []
        for (name, _, weightsNode) in try node.mapping("context") {
            var weights: [(String, Double)] = []
            for (value, _, weight) in try weightsNode.mapping("context.\(name)") {
                weights.append((value, try weight.number("context.\(name).\(value)", in: 0...1e12)))
            }
            guard weights.contains(where: { $0.1 > 0 }) else {
                throw weightsNode.error("context.\(name) needs at least one positive weight")
            }
            features.append(.init(name: name, weights: weights))
        }
        var result = ContextDistribution(features: features)
        for item in try segments?.sequence("segments") ?? [] {
            var probability: Double?
            var fixed: [String: String] = [:]
            for (key, _, value) in try item.mapping("a segment", allowed: ["probability", "features"]) {
                if key == "probability" { probability = try value.number("probability", in: 0...1) }
                if key == "features" { fixed = try value.stringMap("features") }
            }
            guard let probability else { throw item.error("a segment needs 'probability'") }
            result.segments.append(.init(probability: probability, features: fixed))
        }
        guard result.segments.reduce(0, { $0 + $1.probability }) <= 1 + 1e-9 else {
            throw (segments ?? node).error("segment probabilities add up to more than 1")
        }
        return result
    }

    /// A `rates:` block (or `drift:`): `base` per variant, `rules` with `when` and `rates`.
    private static func plan(
        _ node: ScenarioNode, start: Int, variants: [String], previous: RatePlan?
    ) throws(ScenarioError) -> RatePlan {
        var base = previous?.base
        var rules = previous?.rules ?? []
        let allowed = previous == nil ? ["base", "rules"] : ["at", "over", "base", "rules"]
        for (key, _, value) in try node.mapping("rates", allowed: allowed) {
            switch key {
            case "base":
                let given = try rates(value, variants: variants, complete: true)
                base = variants.indices.map { given[$0] ?? 0 }
            case "rules":
                rules = []
                for item in try value.sequence("rules") {
                    var when: [String: String] = [:]
                    var overrides: [Int: Double] = [:]
                    for (k, _, v) in try item.mapping("a rule", allowed: ["when", "rates"]) {
                        if k == "when" { when = try v.stringMap("when") }
                        if k == "rates" { overrides = try rates(v, variants: variants, complete: false) }
                    }
                    guard !overrides.isEmpty else { throw item.error("a rule needs 'rates'") }
                    rules.append(.init(when: when, rates: overrides))
                }
            default:
                break
            }
        }
        guard let base else { throw node.error("rates need 'base', a conversion probability per variant") }
        return RatePlan(start: start, base: base, rules: rules)
    }

    private static func rates(_ node: ScenarioNode, variants: [String], complete: Bool) throws(ScenarioError)
        -> [Int: Double]
    {
        var result: [Int: Double] = [:]
        for (key, keyNode, value) in try node.mapping("rates") {
            guard let index = variants.firstIndex(of: key) else {
                throw keyNode.error("unknown variant '\(key)' (variants: \(variants.joined(separator: ", ")))")
            }
            result[index] = try value.number("the rate of \(key)", in: 0...1)
        }
        if complete, let missing = variants.indices.first(where: { result[$0] == nil }) {
            throw node.error("base rates miss variant '\(variants[missing])'")
        }
        return result
    }

    private static func delay(_ node: ScenarioNode) throws(ScenarioError) -> ClosedRange<Int> {
        if node.node.scalar != nil { return 0...(try node.integer("delay", minimum: 0, maximum: maximumDelay)) }
        var low = 0
        var high = 0
        for (key, _, value) in try node.mapping("delay", allowed: ["min", "max"]) {
            if key == "min" { low = try value.integer("delay.min", minimum: 0, maximum: maximumDelay) }
            if key == "max" { high = try value.integer("delay.max", minimum: 0, maximum: maximumDelay) }
        }
        guard low <= high else { throw node.error("delay.min (\(low)) is above delay.max (\(high))") }
        return low...high
    }
}
