import Templates

/// One Markdown page of a site, with its per-variant overrides, ready to render.
public struct Page: Sendable {
    /// `index`, `menu`, `a/b`: the source path without `.md`.
    public var id: String
    /// The source file as the user should see it in errors, e.g. `sites/luna/menu.md`.
    public var file: String
    /// Output path below the variant's folder: `index.html`, `menu/index.html`.
    public var outputPath: String
    /// Below the site's prefix: `""`, `menu/`.
    public var urlPath: String
    public var content: PageContent
    /// `name.<variant>.md` files, by variant id.
    public var overrides: [String: PageContent]

    /// Keys the build sets on `page`; front matter may not redefine them.
    static let reservedKeys = ["content", "url", "path", "id"]

    public func content(for variant: String) -> PageContent { overrides[variant] ?? content }

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
public struct PageContent: Sendable {
    public var file: String
    public var frontMatter: [String: TemplateValue]
    public var html: String

    public var title: String? {
        if case .string(let title)? = frontMatter["title"] { return title }
        return nil
    }

    /// Front matter `template: x` picks `x.mustache`; pages default to `page`.
    public var template: String {
        if case .string(let name)? = frontMatter["template"] { return name }
        return "page"
    }

    public var isDraft: Bool { frontMatter["draft"] == .bool(true) }

    public var weight: Double {
        switch frontMatter["weight"] {
        case .int(let value)?: return Double(value)
        case .double(let value)?: return value
        default: return 0
        }
    }
}
