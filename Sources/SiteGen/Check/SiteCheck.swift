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
        let configProblems: [Diagnostic]
        do {
            (source, configProblems) = try SiteSource.load(
                id: id, siteFolder: options.sites.appendingPathComponent(id),
                templatesFolder: options.templates, display: display, keepGoing: true)
        } catch {
            // site.yml unusable (not YAML, a required key missing or broken, unknown template).
            // The pages cannot be rendered without a config, but their front matter can be read;
            // a note says what was not checked.
            let folder = options.sites.appendingPathComponent(id)
            let skipped = Diagnostic(
                .warning, file: display(folder) + "/site.yml",
                "pages, links and QR codes of site '\(id)' not checked: fix the errors in site.yml first")
            return Outcome(
                diagnostics: error.diagnostics + FrontMatterRule.check(folder, display: display(folder)) + [skipped],
                rendered: 0)
        }
        let config = source.config
        // Problems in site.yml that left a usable config (an unknown key, a bad value with a
        // default) do not stop the later stages: one run reports them all.
        var found = configProblems + QRRules.check(source, decoder: options.decoder) + MarkdownTagRule.check(source)

        // The pages only need each code's URLs, so a QR error above does not stop rendering.
        let codes = config.qr.placements.map { QRAssets.manifest(for: $0, config: config, modules: 0) }
        let rendering: SiteRendering
        do {
            rendering = try SiteRendering.prepare(source, qr: codes)
        } catch {
            return Outcome(diagnostics: found + error.diagnostics, rendered: 0)
        }
        let links = PageLinkCheck(source: source, rendering: rendering, otherSites: otherSites)
        // Links are judged on the render workers, as the build does.
        let results = rendering.render { job, html in (html: html, links: links.problems(in: html, job: job)) }

        var outputs: [String: [String]] = [:]
        var failedVariants: Set<String> = []
        var pageFindings = PageFindings()
        for (job, result) in zip(rendering.jobs, results) {
            let content = job.content
            switch result {
            case .failure(let failure):
                // The same template mistake fails every page × variant that reaches it: one
                // line per place, naming the pages and variants, instead of one per render.
                for diagnostic in failure.diagnostics {
                    pageFindings.add(
                        at: diagnostic.location, diagnostic.message, page: content.file, variant: job.variant.id)
                }
                failedVariants.insert(job.variant.id)
                // The page's links are still worth checking: render it with the missing values
                // empty (a template syntax error leaves nothing to render at all).
                if let html = rendering.renderLeniently(job) {
                    for problem in links.problems(in: html, job: job) {
                        pageFindings.add(
                            at: problem.location, problem.message, page: content.file, variant: job.variant.id)
                    }
                }
            case .success(let page):
                outputs[job.variant.id, default: []].append(page.html)
                for problem in page.links {
                    pageFindings.add(
                        at: problem.location, problem.message, page: content.file, variant: job.variant.id)
                }
            }
        }
        found += pageFindings.diagnostics
        let pageVariants = config.variants.filter { $0.redirect == nil }
        let complete = pageVariants.filter { !failedVariants.contains($0.id) }
        found += IdenticalVariantsRule.check(
            complete.map { ($0.id, outputs[$0.id] ?? []) }, config: config)
        return Outcome(diagnostics: found, rendered: rendering.jobs.count)
    }
}
