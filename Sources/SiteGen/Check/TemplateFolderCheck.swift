import Foundation

/// Parses every template folder, used by a site or not, so template syntax errors surface even
/// before a site picks the template.
enum TemplateFolderCheck {
    static func run(_ templates: URL, display: (URL) -> String) -> [Diagnostic] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: templates.path) else { return [] }
        var found: [Diagnostic] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let folder = templates.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else { continue }
            do {
                let files = try SourceTree.read(folder, display: display(folder))
                let set = try TemplateSet.parse(files, folder: display(folder))
                if !set.pageTemplates.contains("page") {
                    found.append(
                        Diagnostic(
                            .warning, file: display(folder),
                            "no page.mustache: pages without `template:` in their front matter cannot use this template"
                        ))
                }
            } catch {
                found += error.diagnostics
            }
        }
        return found
    }
}
