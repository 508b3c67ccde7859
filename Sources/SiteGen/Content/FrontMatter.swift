import Templates

/// Splits a Markdown file into its YAML front matter (between `---` lines at the very top) and
/// its body.
struct FrontMatter {
    var values: [String: TemplateValue]
    var body: String
    /// 1-based line of the body's first line, so Markdown positions stay meaningful.
    var bodyLine: Int

    static func split(_ text: String, file: String) throws(BuildFailure) -> FrontMatter {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingTrailingCR == "---" else {
            return FrontMatter(values: [:], body: text, bodyLine: 1)
        }
        lines.removeFirst()
        guard let end = lines.firstIndex(where: { $0.trimmingTrailingCR == "---" }) else {
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
        return FrontMatter(
            values: values, body: lines[(end + 1)...].joined(separator: "\n"), bodyLine: end + 3)
    }
}

extension Substring {
    fileprivate var trimmingTrailingCR: Substring { hasSuffix("\r") ? dropLast() : self }
}
