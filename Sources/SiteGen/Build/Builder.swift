import Crypto
import DistFormat
import Foundation

package struct BuildOptions: Sendable {
    package var sites: URL
    package var templates: URL
    package var output: URL
    /// Reuse the previous output of sites whose inputs did not change.
    package var incremental: Bool
    /// Build only these sites (all when nil); the others keep their previous output.
    package var only: Set<String>?
    /// When the build starts: files changed in the two seconds before it are too recent for a
    /// no-op check by `stat` alone (see `InputStamp`). Tests set a later time instead of waiting.
    package var startedAt: Date?

    package init(
        sites: URL, templates: URL, output: URL, incremental: Bool = true, only: Set<String>? = nil,
        startedAt: Date? = nil
    ) {
        self.sites = sites
        self.templates = templates
        self.output = output
        self.incremental = incremental
        self.only = only
        self.startedAt = startedAt
    }
}

package struct BuildReport: Sendable {
    /// The new manifest; nil when `upToDate` was decided from the build state alone, without
    /// reading the previous manifest.
    package var manifest: Manifest?
    /// Sites whose inputs changed and were rendered again.
    package var rebuilt: [String]
    /// Sites whose previous output was kept.
    package var reused: [String]
    package var pagesWritten: Int
    /// Nothing changed since the last build; `dist/` was not touched.
    package var upToDate: Bool
    /// Findings that did not stop the build (folders under sites/ that are not sites, leftovers
    /// that could not be removed), printed like check's.
    package var warnings: [Diagnostic]
}

/// `sitegen build`: every site × variant × page rendered ahead of time into `dist/`.
///
/// The new output is assembled in a temporary folder beside `dist/` and swapped in whole, so a
/// failed build leaves the previous `dist/` exactly as it was.
package enum Builder {
    package static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        let started = options.startedAt ?? Date()
        let project = BuildFileSystem(options: options)
        let folders = try project.siteFolders()
        // Before the up-to-date shortcut: a killed build's leftovers go even when nothing changed.
        let leftovers = project.removeLeftovers()
        let siteIDs = folders.ids
        let state = BuildState.load(fromDist: options.output)
        if options.incremental, options.only == nil, folders.errors.isEmpty,
            state?.isCurrent(
                siteIDs: siteIDs, sitesFolder: options.sites, templatesFolder: options.templates,
                dist: options.output, now: started) == true
        {
            return BuildReport(
                manifest: nil, rebuilt: [], reused: siteIDs, pagesWritten: 0, upToDate: true,
                warnings: folders.warnings + leftovers)
        }
        let previous = try? Manifest.load(fromDist: options.output)

        var sources: [SiteSource] = []
        // A bad folder fails the build, but only after every site has had its say.
        var problems = folders.errors
        for id in siteIDs {
            let folder = options.sites.appendingPathComponent(id)
            do {
                sources.append(
                    try SiteSource.load(
                        id: id, siteFolder: folder, templatesFolder: options.templates, display: project.display,
                        now: started))
            } catch {
                // As check does: the pages cannot be rendered without a config, but their front
                // matter can be read, so one run reports both.
                problems += error.diagnostics + FrontMatterRule.check(folder, display: project.display(folder))
            }
        }
        if !problems.isEmpty { throw BuildFailure(problems) }

        func reusable(_ source: SiteSource) -> SiteManifest? {
            let id = source.config.id
            guard let old = previous?.site(id),
                FileManager.default.fileExists(atPath: options.output.appendingPathComponent(id).path)
            else { return nil }
            if let only = options.only, !only.contains(id) { return old }
            return options.incremental && old.inputHash == source.inputHash ? old : nil
        }
        let plan = sources.map { ($0, reusable($0)) }
        if let previous, plan.allSatisfy({ $0.1 != nil }),
            previous.sites.map(\.id) == sources.map(\.config.id)
        {
            // Unchanged bytes, new stamps (files touched, or too recent to trust last time):
            // recording them lets the next no-op build skip reading.
            let current = BuildState(buildID: previous.buildID, sources: sources)
            if current != state { project.replaceState(current, in: options.output) }
            return BuildReport(
                manifest: previous, rebuilt: [], reused: sources.map(\.config.id), pagesWritten: 0,
                upToDate: true, warnings: folders.warnings + leftovers)
        }

        let staging = try project.makeStaging()
        do throws(BuildFailure) {
            let writer = OutputWriter(root: staging)
            var sites: [SiteManifest] = []
            var rebuilt: [String] = []
            var pages = 0
            for (source, old) in plan {
                if let old {
                    try project.reuse(site: old.id, from: options.output, to: staging)
                    sites.append(old)
                } else {
                    let built = try SiteBuild.run(
                        source, otherSites: Set(siteIDs).subtracting([source.config.id]), writer: writer)
                    sites.append(built.manifest)
                    rebuilt.append(source.config.id)
                    pages += built.pagesWritten
                }
            }
            let manifest = Manifest(buildID: buildID(sites), sites: sites)
            try project.write(BuildState(buildID: manifest.buildID, sources: sources), into: staging)
            let data: Data
            do {
                data = try manifest.encoded()
            } catch {
                throw BuildFailure(Diagnostic(file: Manifest.fileName, "cannot encode manifest: \(error)"))
            }
            // The manifest goes last: a reader that sees it sees every file it names.
            guard
                FileManager.default.createFile(
                    atPath: staging.appendingPathComponent(Manifest.fileName).path, contents: data)
            else {
                throw BuildFailure(Diagnostic(file: Manifest.fileName, "cannot write manifest"))
            }
            let retired = try project.swap(staging, into: options.output)
            return BuildReport(
                manifest: manifest, rebuilt: rebuilt,
                reused: sites.map(\.id).filter { !rebuilt.contains($0) }, pagesWritten: pages,
                upToDate: false, warnings: folders.warnings + leftovers + retired)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
    }

    static func buildID(_ sites: [SiteManifest]) -> String {
        var hasher = SHA256()
        for site in sites {
            hasher.update(data: Array(site.id.utf8))
            hasher.update(data: Array(site.inputHash.utf8))
        }
        return String(hasher.finalize().hex.prefix(16))
    }
}
