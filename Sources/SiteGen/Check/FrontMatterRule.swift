import Foundation

/// Front matter of every page of a site, read on its own: used when site.yml is broken, so that
/// one run still reports the pages' mistakes too.
enum FrontMatterRule {
    static func check(_ siteFolder: URL, display: String) -> [Diagnostic] {
        guard let files = try? SourceTree.read(siteFolder, display: display) else { return [] }
        var found: [Diagnostic] = []
        for file in files where file.path.hasSuffix(".md") && !file.path.hasPrefix("assets/") {
            do {
                _ = try FrontMatter.split(file.text, file: file.displayPath)
            } catch {
                found += error.diagnostics
            }
        }
        return found
    }
}
