import Templates

/// Splits a Markdown file into its YAML front matter (between `---` lines at the very top) and
/// its body.
package struct FrontMatter {
    package var values: [String: TemplateValue]
    package var body: String
    /// 1-based line of the body's first line, so Markdown positions stay meaningful.
    package var bodyLine: Int

    package static func split(_ text: String, file: String) throws(BuildFailure) -> FrontMatter {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        // "\r\n" is one Character in Swift, so splitting on "\n" alone keeps a CRLF file in one
        // piece and its front matter would render as text.
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        guard let first = lines.first, first.isFence else {
            return FrontMatter(values: [:], body: text, bodyLine: 1)
        }
        lines.removeFirst()
        guard let end = lines.firstIndex(where: \.isFence) else {
            throw BuildFailure(
                Diagnostic(
                    at: SourceLocation(file: file, line: 1, column: 1),
                    "front matter opened with '---' is never closed by a '---' line"))
        }
        let yaml = lines[..<end].joined(separator: "\n")
        let node = try YAMLNode.parse(yaml, file: file, lineOffset: 1)
        guard case .object(let values) = node.plain else {
            if case .scalar(.null) = node.kind {
                return FrontMatter(
                    values: [:], body: lines[(end + 1)...].joined(separator: "\n"),
                    bodyLine: end + 3)
            }
            throw BuildFailure(
                Diagnostic(at: node.location, "front matter must be a mapping of values, not \(node.kindName)"))
        }
        for reserved in Page.reservedKeys where values[reserved] != nil {
            let location = node.entries?.first { $0.key == reserved }?.keyLocation ?? node.location
            throw BuildFailure(
                Diagnostic(at: location, "'\(reserved)' is set by the build and cannot be given in front matter"))
        }
        try checkTypes(of: node)
        return FrontMatter(
            values: values, body: lines[(end + 1)...].joined(separator: "\n"), bodyLine: end + 3)
    }

    /// Keys the build itself reads: of another type they would quietly mean weight 0 or "not a
    /// draft", and a page meant to stay hidden would be published.
    private static func checkTypes(of node: YAMLNode) throws(BuildFailure) {
        if let weight = node["weight"] {
            switch weight.scalar {
            case .int?, .double?: break
            default:
                throw BuildFailure(
                    Diagnostic(at: weight.location, "'weight' must be a number, not \(weight.kindName)"))
            }
        }
        if let draft = node["draft"] {
            guard case .bool? = draft.scalar else {
                throw BuildFailure(
                    Diagnostic(at: draft.location, "'draft' must be true or false, not \(draft.kindName)"))
            }
        }
    }
}

extension Substring {
    /// A `---` line; trailing blanks are invisible in editors, so they are allowed (as Hugo does).
    fileprivate var isFence: Bool {
        var line = self
        while let last = line.last, last == " " || last == "\t" || last == "\r" { line.removeLast() }
        return line == "---"
    }
}
