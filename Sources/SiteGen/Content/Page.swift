import Templates

/// One Markdown page of a site, with its per-variant overrides, ready to render.
package struct Page: Sendable {
    /// `index`, `menu`, `a/b`: the source path without `.md`.
    package var id: String
    /// The source file as the user should see it in errors, e.g. `sites/luna/menu.md`.
    package var file: String
    /// Output path below the variant's folder: `index.html`, `menu/index.html`.
    package var outputPath: String
    /// Below the site's prefix: `""`, `menu/`.
    package var urlPath: String
    package var content: PageContent
    /// `name.<variant>.md` files, by variant id.
    package var overrides: [String: PageContent]

    /// Keys the build sets on `page`; front matter may not redefine them.
    static let reservedKeys = ["content", "url", "path", "id"]

    package func content(for variant: String) -> PageContent { overrides[variant] ?? content }

    /// Pretty URLs, as Hugo does: `index.md` → `index.html`, `menu.md` → `menu/index.html`.
    static func outputPaths(for id: String) -> (output: String, url: String) {
        if id == "index" { return ("index.html", "") }
        if id.hasSuffix("/index") {
            let folder = String(id.dropLast("index".count))
            return (folder + "index.html", folder)
        }
        return (id + "/index.html", id + "/")
    }
}

/// What one Markdown file says: its front matter and its body as HTML.
package struct PageContent: Sendable {
    package var file: String
    package var frontMatter: [String: TemplateValue]
    package var html: String

    package var title: String? {
        if case .string(let title)? = frontMatter["title"] { return title }
        return nil
    }

    /// Front matter `template: x` picks `x.mustache`; pages default to `page`.
    package var template: String {
        if case .string(let name)? = frontMatter["template"] { return name }
        return "page"
    }

    package var isDraft: Bool { frontMatter["draft"] == .bool(true) }

    package var weight: Double {
        switch frontMatter["weight"] {
        case .int(let value)?: return Double(value)
        case .double(let value)?: return value
        default: return 0
        }
    }
}
