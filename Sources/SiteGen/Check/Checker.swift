import Foundation

/// `sitegen check`: every site and template judged without writing anything, errors and
/// warnings together, like a compiler's output.
package enum Checker {
    package static func check(_ options: CheckOptions) -> CheckReport {
        // The build's own site discovery and path display; check never writes, so the output
        // folder BuildFileSystem wants is never used.
        let project = BuildFileSystem(
            options: BuildOptions(sites: options.sites, templates: options.templates, output: options.sites))
        var list = DiagnosticList()
        // Templates first and on their own: a syntax error in a template no site uses yet is
        // still a mistake, and it is reported once rather than once per site using it.
        list.add(TemplateFolderCheck.run(options.templates, display: project.display))

        let folders: SiteFolders
        do {
            folders = try project.siteFolders()
        } catch {
            list.add(error.diagnostics)
            return CheckReport(diagnostics: list.sorted, sites: 0, pages: 0)
        }
        // A stray or misnamed folder is reported beside the sites' own findings, not instead.
        list.add(folders.findings)
        let ids = folders.ids
        var rendered = 0
        for id in ids {
            let result = SiteCheck.run(
                id: id, options: options, display: project.display,
                otherSites: Set(ids).subtracting([id]))
            list.add(result.diagnostics)
            rendered += result.rendered
        }
        return CheckReport(diagnostics: list.sorted, sites: ids.count, pages: rendered)
    }
}
