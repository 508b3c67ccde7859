import Templates

/// A template folder parsed once per build: page templates (`*.mustache` at the top) and
/// partials and layouts (`partials/**.mustache`) in one namespace, as Mustache's `{{>x}}` and
/// `{{<x}}` expect.
struct TemplateSet: Sendable {
    var library: TemplateLibrary
    var pageTemplates: Set<String>
    var folder: String

    static func parse(_ files: [SourceFile], folder: String) throws(BuildFailure) -> TemplateSet {
        var library = TemplateLibrary()
        var pageTemplates: Set<String> = []
        var seen: [String: String] = [:]
        var problems: [Diagnostic] = []
        for file in files where file.path.hasSuffix(".mustache") {
            let stem = String(file.path.dropLast(".mustache".count))
            let name: String
            if stem.hasPrefix("partials/") {
                name = String(stem.dropFirst("partials/".count))
            } else if !stem.contains("/") {
                name = stem
                pageTemplates.insert(stem)
            } else {
                continue
            }
            if let other = seen[name] {
                problems.append(
                    Diagnostic(file: file.displayPath, "template name '\(name)' is also used by \(other)"))
                continue
            }
            seen[name] = file.displayPath
            do {
                library.register(try Template(source: file.text, name: name, file: file.displayPath))
            } catch {
                problems.append(Diagnostic(at: error.location, error.message))
            }
        }
        if !problems.isEmpty { throw BuildFailure(problems) }
        return TemplateSet(library: library, pageTemplates: pageTemplates, folder: folder)
    }
}
