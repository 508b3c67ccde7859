import Templates
import Yams

/// A parsed YAML value that remembers where it was written, so every config error can point at
/// `path:line:column`. Yams' own `Node` is not Sendable and decoding through `Codable` loses
/// positions, hence this small tree.
package struct YAMLNode: Sendable {
    package enum Kind: Sendable {
        case scalar(TemplateValue)
        case mapping([Entry])
        case sequence([YAMLNode])
    }

    package struct Entry: Sendable {
        package var key: String
        package var keyLocation: SourceLocation
        package var value: YAMLNode
    }

    package var kind: Kind
    package var location: SourceLocation

    package init(kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// Most values one document may turn into. Yams resolves aliases by sharing the anchored
    /// node, so nine lines of nested aliases ("billion laughs") are cheap to parse but expand to
    /// a billion values here; real site files and front matter stay far below this.
    static let maximumValues = 100_000

    /// Parses one YAML document; an empty document is an empty mapping.
    package static func parse(_ text: String, file: String, lineOffset: Int = 0) throws(BuildFailure)
        -> YAMLNode
    {
        let root: Node?
        do {
            // An explicit encoding: the default one reads the whole process environment on every
            // call, which a 10,000-page build did once per page's front matter.
            root = try Yams.compose(yaml: text, .default, .default, .utf8)
        } catch let error as YamlError {
            throw BuildFailure(describe(error, file: file, lineOffset: lineOffset))
        } catch {
            throw BuildFailure(Diagnostic(file: file, "YAML: \(error)"))
        }
        guard let root else {
            return YAMLNode(
                kind: .mapping([]),
                location: SourceLocation(file: file, line: 1 + lineOffset, column: 1))
        }
        var budget = maximumValues
        return try convert(root, file: file, lineOffset: lineOffset, budget: &budget, blame: nil)
    }

    /// `budget` counts down the values still allowed. `blame` is where the alias expansion under
    /// way started: a resolved alias keeps the mark of its anchor, which would send the user to
    /// the innocent first definition.
    private static func convert(
        _ node: Node, file: String, lineOffset: Int, budget: inout Int, blame: SourceLocation?
    ) throws(BuildFailure) -> YAMLNode {
        let location = SourceLocation(
            file: file, line: (node.mark?.line ?? 1) + lineOffset, column: node.mark?.column ?? 1)
        budget -= 1
        guard budget >= 0 else {
            throw BuildFailure(
                Diagnostic(at: blame ?? location, "YAML expands to more than \(maximumValues) values (aliases?)"))
        }
        func child(_ item: Node) throws(BuildFailure) -> YAMLNode {
            // Written children come after their parent; only an alias leads back to earlier text.
            // (Yams keeps no anchor names on the nodes once composing is over.)
            let isAlias = item.mark.map { ($0.line, $0.column) < (node.mark?.line ?? 0, node.mark?.column ?? 0) }
            let childBlame = blame ?? (isAlias == true ? location : nil)
            return try convert(item, file: file, lineOffset: lineOffset, budget: &budget, blame: childBlame)
        }
        switch node {
        case .scalar(let scalar):
            return YAMLNode(kind: .scalar(value(of: node, scalar)), location: location)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            for item in sequence {
                items.append(try child(item))
            }
            return YAMLNode(kind: .sequence(items), location: location)
        case .mapping(let mapping):
            var entries: [Entry] = []
            for (keyNode, valueNode) in mapping {
                let keyLocation = SourceLocation(
                    file: file, line: (keyNode.mark?.line ?? 1) + lineOffset,
                    column: keyNode.mark?.column ?? 1)
                guard let key = keyNode.scalar?.string else {
                    throw BuildFailure(Diagnostic(at: keyLocation, "mapping keys must be plain text"))
                }
                if entries.contains(where: { $0.key == key }) {
                    throw BuildFailure(Diagnostic(at: keyLocation, "duplicate key '\(key)'"))
                }
                entries.append(
                    Entry(
                        key: key, keyLocation: keyLocation,
                        value: try child(valueNode)))
            }
            return YAMLNode(kind: .mapping(entries), location: location)
        case .alias:
            throw BuildFailure(Diagnostic(at: location, "YAML aliases are not supported"))
        }
    }

    /// Plain scalars get YAML's types; quoted ones are always text.
    private static func value(of node: Node, _ scalar: Node.Scalar) -> TemplateValue {
        guard scalar.style == .plain else { return .string(scalar.string) }
        if node.null != nil { return .null }
        if let bool = node.bool { return .bool(bool) }
        if let int = node.int { return .int(int) }
        if let double = node.float, double.isFinite { return .double(double) }
        return .string(scalar.string)
    }

    private static func describe(_ error: YamlError, file: String, lineOffset: Int) -> Diagnostic {
        func location(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            guard let context else { return Diagnostic(at: location(mark), "malformed YAML: \(problem)") }
            // libyaml stops where the text stops making sense; for a bracket or quote never
            // closed that is the end of the text, or front matter's closing ---. Its context mark
            // is where the construct started: the line to fix. Not for block collections, whose
            // context is the whole enclosing block (often line 1) while the problem mark is
            // already the offending line.
            let starts = (context.mark.line, context.mark.column) < (mark.line, mark.column)
            guard starts, !context.text.contains("block") else {
                return Diagnostic(at: location(mark), "malformed YAML: \(problem) \(context.text)")
            }
            let stopped = location(mark)
            return Diagnostic(
                at: location(context.mark),
                "malformed YAML: \(problem) \(context.text) started here "
                    + "(the parser gave up at line \(stopped.line), column \(stopped.column))")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(
                at: location(context.mark), "malformed YAML: duplicate key \(duplicates.joined(separator: ", "))")
        default:
            return Diagnostic(file: file, "malformed YAML: \(error)")
        }
    }
}

extension YAMLNode {
    /// The value without positions, as templates and the manifest see it.
    package var plain: TemplateValue {
        switch kind {
        case .scalar(let value): return value
        case .sequence(let items): return .array(items.map(\.plain))
        case .mapping(let entries):
            var object: [String: TemplateValue] = [:]
            for entry in entries { object[entry.key] = entry.value.plain }
            return .object(object)
        }
    }

    package var entries: [Entry]? {
        if case .mapping(let entries) = kind { return entries }
        return nil
    }

    package var items: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    package var scalar: TemplateValue? {
        if case .scalar(let value) = kind { return value }
        return nil
    }

    package subscript(key: String) -> YAMLNode? { entries?.first { $0.key == key }?.value }

    /// The node a path like `extras[1].header` names, or the deepest one on the way that
    /// exists (a bare-string extra has no `header` entry): errors point as close as possible.
    package func deepest(at path: String) -> YAMLNode {
        var node = self
        for part in path.split(separator: ".") {
            var segments = part.split(separator: "[", omittingEmptySubsequences: false)
            let key = String(segments.removeFirst())
            if !key.isEmpty {
                guard let next = node[key] else { return node }
                node = next
            }
            for segment in segments {
                guard let index = Int(segment.dropLast()), let items = node.items, items.indices.contains(index)
                else { return node }
                node = items[index]
            }
        }
        return node
    }

    package var kindName: String {
        switch kind {
        case .scalar(.null): return "nothing"
        case .scalar(.string): return "text"
        case .scalar(.bool): return "true/false"
        case .scalar(.int), .scalar(.double): return "a number"
        case .scalar: return "a value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}
