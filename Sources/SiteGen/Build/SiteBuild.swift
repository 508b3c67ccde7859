import DistFormat
import Foundation

/// One site's build: assets, QR codes, and every page of every variant, written below a staging
/// root; returns the site's manifest entry.
enum SiteBuild {
    struct Output {
        var manifest: SiteManifest
        var pagesWritten: Int
    }

    /// `otherSites`: the project's other site ids, which pages may link to.
    static func run(_ source: SiteSource, otherSites: Set<String>, writer: OutputWriter) throws(BuildFailure)
        -> Output
    {
        let config = source.config
        let qr = try QRAssets.render(source)
        let codes = qr.codes
        let rendering = try SiteRendering.prepare(source, qr: codes.map(\.manifest))

        var assets: [FileEntry] = []
        for asset in rendering.catalog.assets.values.sorted(by: { $0.path < $1.path }) {
            assets.append(
                try writer.write(
                    asset.bytes, file: "\(config.id)/\(asset.publishedPath)", urlPath: asset.publishedPath))
        }
        for code in codes {
            let id = code.manifest.placement
            assets.append(try writer.write(code.svg, file: code.manifest.svg, urlPath: "qr/\(id).svg"))
            assets.append(try writer.write(code.png, file: code.manifest.png, urlPath: "qr/\(id).png"))
        }
        for file in qr.printFiles {
            assets.append(try writer.write(file.bytes, file: file.file, urlPath: file.urlPath))
        }

        let jobs = rendering.jobs
        let links = PageLinkCheck(source: source, rendering: rendering, otherSites: otherSites)
        let results = rendering.render { job, html throws(BuildFailure) in
            let entry = try writer.write(
                Array(html.utf8), file: "\(config.id)/\(job.variant.id)/\(job.page.outputPath)",
                urlPath: job.page.outputPath)
            return (entry: entry, links: links.problems(in: html, job: job))
        }
        var pagesByVariant: [String: [FileEntry]] = [:]
        var problems: [Diagnostic] = []
        // Grouped and worded as `sitegen check` reports them, so both print the same lines.
        var linkFindings = PageFindings()
        for (job, result) in zip(jobs, results) {
            switch result {
            case .success(let page):
                pagesByVariant[job.variant.id, default: []].append(page.entry)
                for problem in page.links {
                    linkFindings.add(
                        at: problem.location, problem.message, page: job.content.file, variant: job.variant.id)
                }
            case .failure(let failure):
                // The build names the page and variant; `check` groups them per position instead.
                problems += failure.diagnostics.map { diagnostic in
                    var named = diagnostic
                    named.message += " (page \(job.content.file), variant \(job.variant.id))"
                    return named
                }
            }
        }
        if !problems.isEmpty || !linkFindings.diagnostics.isEmpty {
            // The same template mistake shows up once per page × variant: report it once per place.
            var seen: Set<String> = []
            let unique = problems.filter { seen.insert("\($0.location)").inserted }
            var links = DiagnosticList()
            links.add(linkFindings.diagnostics)
            throw BuildFailure(Array(unique.prefix(20)) + links.sorted)
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
