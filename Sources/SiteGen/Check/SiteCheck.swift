import Foundation
import Templates

/// Checks one site the way the build would treat it, but goes on after each stage's errors where
/// later stages still make sense, renders in memory instead of writing files, and adds the rules
/// only a reviewer would catch (links, identical variants, QR print and decode).
enum SiteCheck {
    struct Outcome {
        var diagnostics: [Diagnostic]
        /// Page × variant combinations rendered.
        var rendered: Int
    }

    static func run(
        id: String, options: CheckOptions, display: @escaping (URL) -> String, otherSites: Set<String>
    ) -> Outcome {
        let source: SiteSource
        do {
            source = try SiteSource.load(
                id: id, siteFolder: options.sites.appendingPathComponent(id),
                templatesFolder: options.templates, display: display)
        } catch {
            // site.yml schema, personalization, redirects, destinations, unknown template. The
            // pages cannot be rendered without a config, but their front matter can be read.
            let folder = options.sites.appendingPathComponent(id)
            return Outcome(
                diagnostics: error.diagnostics + FrontMatterRule.check(folder, display: display(folder)),
                rendered: 0)
        }
        let config = source.config
        var found = QRRules.check(config, decoder: options.decoder)

        let pages: [Page]
        let templates: TemplateSet
        do {
            pages = try PageLoader.load(source.siteFiles, config: config)
        } catch {
            return Outcome(diagnostics: found + error.diagnostics, rendered: 0)
        }
        do {
            templates = try TemplateSet.parse(source.templateFiles, folder: source.templateFolder)
        } catch {
            return Outcome(diagnostics: found + error.diagnostics, rendered: 0)
        }
        let pageVariants = config.variants.filter { $0.redirect == nil }
        if !pageVariants.isEmpty && pages.isEmpty {
            found.append(Diagnostic(file: config.file, "the site has no pages: add an index.md beside site.yml"))
            return Outcome(diagnostics: found, rendered: 0)
        }

        let catalog = AssetCatalog(
            templateFiles: source.templateFiles, siteFiles: source.siteFiles, urlPrefix: config.urlPrefix)
        // The pages only need each code's URLs, so a QR error above does not stop rendering.
        let codes = config.qr.placements.map { placement in
            QRManifest(
                placement: placement.id, variant: placement.variant,
                url: QRAssets.url(for: placement, config: config),
                svg: "\(config.id)/qr/\(placement.id).svg", png: "\(config.id)/qr/\(placement.id).png",
                modules: 0)
        }
        let renderer = PageRenderer(
            config: config, pages: pages, templates: templates, assets: catalog, qr: codes)
        let map = SiteMap(config: config, pages: pages, assets: catalog, otherSites: otherSites)
        let templateSources = source.templateFiles.filter { $0.path.hasSuffix(".mustache") }

        struct Job: Sendable {
            var page: Page
            var variant: VariantConfig
        }
        let jobs = pageVariants.flatMap { variant in pages.map { Job(page: $0, variant: variant) } }
        let results = parallelMap(jobs) { job -> Result<String, BuildFailure> in
            do throws(BuildFailure) {
                return .success(try renderer.render(job.page, variant: job.variant))
            } catch {
                return .failure(error)
            }
        }

        var outputs: [String: [String]] = [:]
        var failedVariants: Set<String> = []
        var pageFindings = PageFindings()
        for (job, result) in zip(jobs, results) {
            switch result {
            case .failure(let failure):
                // The same template mistake fails every page × variant that reaches it: one
                // line per place, naming the pages and variants, instead of one per render.
                let content = job.page.content(for: job.variant.id)
                let suffix = " (page \(content.file), variant \(job.variant.id))"
                for diagnostic in failure.diagnostics {
                    let message =
                        diagnostic.message.hasSuffix(suffix)
                        ? String(diagnostic.message.dropLast(suffix.count)) : diagnostic.message
                    pageFindings.add(at: diagnostic.location, message, page: content.file, variant: job.variant.id)
                }
                failedVariants.insert(job.variant.id)
            case .success(let html):
                outputs[job.variant.id, default: []].append(html)
                let content = job.page.content(for: job.variant.id)
                let pageSource = source.siteFiles.filter { $0.displayPath == content.file }
                for reference in HTMLReferences.scan(html) {
                    guard
                        let problem = LinkRules.problem(
                            reference, pageURL: config.urlPrefix + job.page.urlPath, map: map)
                    else { continue }
                    let at =
                        SourcePosition.find(reference, in: pageSource + templateSources)
                        ?? SourceLocation(file: content.file, line: 1, column: 1)
                    pageFindings.add(at: at, problem, page: content.file, variant: job.variant.id)
                }
            }
        }
        found += pageFindings.diagnostics
        let complete = pageVariants.filter { !failedVariants.contains($0.id) }
        found += IdenticalVariantsRule.check(
            complete.map { ($0.id, outputs[$0.id] ?? []) }, config: config)
        return Outcome(diagnostics: found, rendered: jobs.count)
    }
}
