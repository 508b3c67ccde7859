import DistFormat

/// Everything needed to render every page × variant of one site, prepared once. The build writes
/// what it renders; `sitegen check` inspects it in memory. Both go through here so that they
/// cannot disagree about what a site renders to.
struct SiteRendering: Sendable {
    struct Job: Sendable {
        var page: Page
        var variant: VariantConfig

        /// The source this job renders: the variant's override, if any.
        var content: PageContent { page.content(for: variant.id) }
    }

    let pages: [Page]
    let catalog: AssetCatalog
    let jobs: [Job]
    private let renderer: PageRenderer

    /// Reads the pages, parses the templates and lists the jobs; `qr` are the site's codes as
    /// templates refer to them.
    static func prepare(_ source: SiteSource, qr: [QRManifest]) throws(BuildFailure) -> SiteRendering {
        let config = source.config
        let pages = try PageLoader.load(source.siteFiles, config: config)
        let templates = try TemplateSet.parse(source.templateFiles, folder: source.templateFolder)
        let pageVariants = config.variants.filter { $0.redirect == nil }
        if !pageVariants.isEmpty && pages.isEmpty {
            throw BuildFailure(Diagnostic(file: config.file, "the site has no pages: add an index.md beside site.yml"))
        }
        let catalog = AssetCatalog(
            templateFiles: source.templateFiles, siteFiles: source.siteFiles, urlPrefix: config.urlPrefix)
        let renderer = PageRenderer(config: config, pages: pages, templates: templates, assets: catalog, qr: qr)
        let jobs = pageVariants.flatMap { variant in pages.map { Job(page: $0, variant: variant) } }
        return SiteRendering(pages: pages, catalog: catalog, jobs: jobs, renderer: renderer)
    }

    /// Renders every job on all cores and hands each page's HTML to `finish`, in job order.
    func render<Output: Sendable>(
        _ finish: @Sendable (Job, String) throws(BuildFailure) -> Output
    ) -> [Result<Output, BuildFailure>] {
        parallelMap(jobs) { job -> Result<Output, BuildFailure> in
            do throws(BuildFailure) {
                return .success(try finish(job, try renderer.render(job.page, variant: job.variant)))
            } catch {
                return .failure(error)
            }
        }
    }

    /// One page × variant rendered with missing values as empty: `check` reads the links of a
    /// page whose strict render failed, so a missing variable does not hide a dead link.
    func renderLeniently(_ job: Job) -> String? {
        try? renderer.render(job.page, variant: job.variant, strict: false)
    }
}
