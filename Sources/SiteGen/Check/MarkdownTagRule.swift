import Foundation
import Templates

/// Markdown pages are not Mustache templates: a `{{phone}}` written in a page's body is printed
/// as written, which a Hugo user does not expect. `check` says so where it is written and how to
/// get the value instead (kept a warning: a page may mean to show braces).
enum MarkdownTagRule {
    static func check(_ source: SiteSource) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for file in source.siteFiles where file.path.hasSuffix(".md") && !file.path.hasPrefix("assets/") {
            guard let split = try? FrontMatter.split(file.text, file: file.displayPath) else { continue }
            for (offset, line) in split.body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                var rest = line[...]
                while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
                    let tag = rest[open.lowerBound..<close.upperBound]
                    let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                    let name = tag.dropFirst(2).dropLast(2).trimmingCharacters(in: .whitespaces)
                        .trimmingCharacters(in: CharacterSet(charactersIn: "{}&#^/"))
                    found.append(
                        Diagnostic(
                            .warning,
                            at: SourceLocation(file: file.displayPath, line: split.bodyLine + offset, column: column),
                            "'\(tag)' is printed as written: Markdown pages are not templates. Put "
                                + "{{\(name)}} in the page's template (front matter and site params reach it), "
                                + "or write the value out here"))
                    rest = rest[close.upperBound...]
                }
            }
        }
        return found
    }
}
