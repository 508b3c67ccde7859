import Foundation

/// One site's build: assets, QR codes, and every page of every variant, written below a staging
/// root; returns the site's manifest entry.
enum SiteBuild {
    struct Output {
        var manifest: SiteManifest
        var pagesWritten: Int
    }

    static func run(_ source: SiteSource, writer: OutputWriter) throws(BuildFailure) -> Output {
        let config = source.config
        let pages = try PageLoader.load(source.siteFiles, config: config)
        let templates = try TemplateSet.parse(source.templateFiles, folder: source.templateFolder)
        let catalog = AssetCatalog(
            templateFiles: source.templateFiles, siteFiles: source.siteFiles,
            urlPrefix: config.urlPrefix)
        let codes = try QRAssets.render(config)

        var assets: [FileEntry] = []
        for asset in catalog.assets.values.sorted(by: { $0.path < $1.path }) {
            assets.append(
                try writer.write(
                    asset.bytes, file: "\(config.id)/\(asset.publishedPath)",
                    urlPath: asset.publishedPath))
        }
        for code in codes {
            let id = code.manifest.placement
            assets.append(
                try writer.write(code.svg, file: code.manifest.svg, urlPath: "qr/\(id).svg"))
            assets.append(
                try writer.write(code.png, file: code.manifest.png, urlPath: "qr/\(id).png"))
        }

        let renderer = PageRenderer(
            config: config, pages: pages, templates: templates, assets: catalog,
            qr: codes.map(\.manifest))
        let pageVariants = config.variants.filter { $0.redirect == nil }
        if !pageVariants.isEmpty && pages.isEmpty {
            throw BuildFailure(
                Diagnostic(file: config.file, "the site has no pages: add an index.md beside site.yml"))
        }
        struct Job: Sendable {
            var page: Page
            var variant: VariantConfig
        }
        let jobs = pageVariants.flatMap { variant in
            pages.map { Job(page: $0, variant: variant) }
        }
        let results = parallelMap(jobs) { job -> Result<FileEntry, BuildFailure> in
            do throws(BuildFailure) {
                let html = try renderer.render(job.page, variant: job.variant)
                let entry = try writer.write(
                    Array(html.utf8),
                    file: "\(config.id)/\(job.variant.id)/\(job.page.outputPath)",
                    urlPath: job.page.outputPath)
                return .success(entry)
            } catch {
                return .failure(error)
            }
        }
        var pagesByVariant: [String: [FileEntry]] = [:]
        var problems: [Diagnostic] = []
        for (job, result) in zip(jobs, results) {
            switch result {
            case .success(let entry): pagesByVariant[job.variant.id, default: []].append(entry)
            case .failure(let failure): problems += failure.diagnostics
            }
        }
        if !problems.isEmpty {
            // The same template mistake shows up once per page × variant: report it once per place.
            var seen: Set<String> = []
            let unique = problems.filter { seen.insert("\($0.location)").inserted }
            throw BuildFailure(Array(unique.prefix(20)))
        }

        let variants = config.variants.map { variant in
            VariantManifest(
                id: variant.id, params: variant.params, redirect: variant.redirect,
                pages: pagesByVariant[variant.id] ?? [])
        }
        let manifest = SiteManifest(
            id: config.id, title: config.title, baseURL: config.baseURL, timezone: config.timezone,
            inputHash: source.inputHash, personalize: config.personalize, goals: config.goals,
            destinations: config.destinations, variants: variants, assets: assets,
            qr: codes.map(\.manifest))
        return Output(manifest: manifest, pagesWritten: jobs.count)
    }
}
