import Templates

/// Findings from rendered pages, grouped by where the mistake was written: a broken link or an
/// empty interpolation in the layout breaks every page of every variant, and one line naming
/// them says so better than dozens of copies.
struct PageFindings {
    private struct Entry {
        var at: SourceLocation
        var message: String
        var pages: [String] = []
        var variants: [String] = []
    }

    private var order: [String] = []
    private var entries: [String: Entry] = [:]

    mutating func add(at: SourceLocation, _ message: String, page: String, variant: String) {
        let key = "\(at)\u{0}\(message)"
        var entry = entries[key] ?? Entry(at: at, message: message)
        if entries[key] == nil { order.append(key) }
        if !entry.pages.contains(page) { entry.pages.append(page) }
        if !entry.variants.contains(variant) { entry.variants.append(variant) }
        entries[key] = entry
    }

    var diagnostics: [Diagnostic] {
        order.compactMap { entries[$0] }.map { entry in
            let pages =
                entry.pages.count == 1
                ? "page \(entry.pages[0])"
                : entry.pages.count <= 3
                    ? "pages \(entry.pages.joined(separator: ", "))" : "\(entry.pages.count) pages"
            let variants =
                (entry.variants.count == 1 ? "variant " : "variants ") + entry.variants.joined(separator: ", ")
            return Diagnostic(at: entry.at, "\(entry.message) (\(pages); \(variants))")
        }
    }
}
