import DistFormat
import Templates

/// Finds a site's pages among its files and reads them: `*.md` outside `assets/`, with
/// `name.<variant>.md` overriding `name.md` for one variant.
enum PageLoader {
    static func load(_ files: [SourceFile], config: SiteConfig) throws(BuildFailure) -> [Page] {
        let variantIDs = Set(config.variants.map(\.id))
        var bases: [String: PageContent] = [:]
        var overrides: [String: [String: PageContent]] = [:]
        var problems: [Diagnostic] = []
        let markdownFiles = files.filter {
            $0.path.hasSuffix(".md") && !$0.path.hasPrefix("assets/")
        }
        // Markdown is the bulk of the work for large sites: render in parallel.
        let contents = parallelMap(markdownFiles) { file -> Result<PageContent, BuildFailure> in
            do throws(BuildFailure) {
                let split = try FrontMatter.split(file.text, file: file.displayPath)
                let html = renderMarkdown(split.body, options: config.markdown)
                return .success(
                    PageContent(file: file.displayPath, frontMatter: split.values, html: html))
            } catch {
                return .failure(error)
            }
        }
        for (file, result) in zip(markdownFiles, contents) {
            let content: PageContent
            switch result {
            case .success(let value): content = value
            case .failure(let failure):
                problems += failure.diagnostics
                continue
            }
            if content.isDraft { continue }
            let stem = String(file.path.dropLast(".md".count))
            let parts = stem.split(separator: "/").last?.split(separator: ".") ?? []
            if parts.count >= 2, let variant = parts.last.map(String.init) {
                let base = String(stem.dropLast(variant.count + 1))
                guard variantIDs.contains(variant) else {
                    problems.append(
                        Diagnostic(
                            file: file.displayPath,
                            "'\(variant)' in the file name is not a variant of this site\(didYouMean(variant, in: Array(variantIDs))); page overrides are named name.<variant>.md"
                        ))
                    continue
                }
                overrides[base, default: [:]][variant] = content
            } else {
                guard isSafePageID(stem) else {
                    problems.append(
                        Diagnostic(
                            file: file.displayPath,
                            "page paths may use letters, digits, '-', '_' and '/' only"))
                    continue
                }
                bases[stem] = content
            }
        }
        for (base, byVariant) in overrides where bases[base] == nil {
            if let any = byVariant.values.first {
                problems.append(
                    Diagnostic(file: any.file, "override without a page: there is no \(base).md"))
            }
        }
        // `a.md` and `a/index.md` both become `a/index.html`: one would silently replace the other.
        var pageByOutput: [String: String] = [:]
        for id in bases.keys.sorted() {
            guard let file = bases[id]?.file else { continue }
            let paths = Page.outputPaths(for: id)
            if let other = pageByOutput[paths.output] {
                let url = config.urlPrefix + paths.url
                problems.append(Diagnostic(file: file, "\(other) and \(file) both become the page \(url); keep one"))
            } else {
                pageByOutput[paths.output] = file
            }
        }
        if !problems.isEmpty { throw BuildFailure(problems) }
        return bases.keys.sorted().compactMap { id -> Page? in
            guard let content = bases[id] else { return nil }
            let paths = Page.outputPaths(for: id)
            return Page(
                id: id, file: content.file, outputPath: paths.output, urlPath: paths.url,
                content: content, overrides: overrides[id] ?? [:])
        }
    }

    private static func isSafePageID(_ id: String) -> Bool {
        id.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { segment in
            !segment.isEmpty && segment != "." && segment != ".."
                && segment.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        }
    }
}
