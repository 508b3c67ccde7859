import Templates

/// The link rules applied to one site's rendered pages. The build and `sitegen check` both run
/// it on every page they render, so a link that check calls broken also stops the build: a
/// deployed page must not send visitors to a 404, an undeclared goal or a refused `_go`.
struct PageLinkCheck: Sendable {
    private let map: SiteMap
    private let urlPrefix: String
    private let pageSources: [String: SourceFile]
    private let templateSources: [SourceFile]

    init(source: SiteSource, rendering: SiteRendering, otherSites: Set<String>) {
        let config = source.config
        map = SiteMap(config: config, pages: rendering.pages, assets: rendering.catalog, otherSites: otherSites)
        urlPrefix = config.urlPrefix
        pageSources = Dictionary(
            source.siteFiles.map { ($0.displayPath, $0) }, uniquingKeysWith: { first, _ in first })
        templateSources = source.templateFiles.filter { $0.path.hasSuffix(".mustache") }
    }

    /// Every broken reference in one rendered page, at the place it was written (the page's
    /// Markdown or a template) when it was written literally, else at the page's first line.
    func problems(in html: String, job: SiteRendering.Job) -> [Diagnostic] {
        let content = job.content
        let sources = (pageSources[content.file].map { [$0] } ?? []) + templateSources
        return HTMLReferences.scan(html).compactMap { reference in
            guard
                let problem = LinkRules.problem(reference, pageURL: urlPrefix + job.page.urlPath, map: map)
            else { return nil }
            let at =
                SourcePosition.find(reference, in: sources)
                ?? SourceLocation(file: content.file, line: 1, column: 1)
            return Diagnostic(at: at, problem)
        }
    }
}
