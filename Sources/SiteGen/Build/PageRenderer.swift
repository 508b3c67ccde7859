import DistFormat
import Templates

/// Renders one site's pages for one variant at a time. Everything shared by all pages (site
/// object, QR and asset helpers) is built once; per page only the page's own values are added.
struct PageRenderer: Sendable {
    let config: SiteConfig
    let templates: TemplateSet
    let shared: [String: TemplateValue]
    let beacon: String

    init(config: SiteConfig, pages: [Page], templates: TemplateSet, assets: AssetCatalog, qr: [QRManifest]) {
        self.config = config
        self.templates = templates
        let navigation = pages.sorted {
            ($0.content.weight, $0.id) < ($1.content.weight, $1.id)
        }.map { page -> TemplateValue in
            [
                "id": .string(page.id),
                "title": .string(page.content.title ?? page.id),
                "url": .string(config.urlPrefix + page.urlPath),
            ]
        }
        var qrObject: [String: TemplateValue] = [:]
        var qrList: [TemplateValue] = []
        for code in qr {
            let entry: TemplateValue = [
                "id": .string(code.placement),
                "svg": .string(config.urlPrefix + "qr/\(code.placement).svg"),
                "png": .string(config.urlPrefix + "qr/\(code.placement).png"),
                "url": .string(code.url),
                "variant": code.variant.map(TemplateValue.string) ?? .null,
            ]
            qrObject[code.placement] = entry
            qrList.append(entry)
        }
        qrObject["list"] = .array(qrList)
        let site: TemplateValue = [
            "id": .string(config.id),
            "title": .string(config.title),
            "base_url": .string(config.baseURL),
            "url": .string(config.siteURL),
            "path": .string(config.urlPrefix),
            "timezone": .string(config.timezone),
            "language": .string(config.language),
            "description": .string(config.description),
            "params": .object(config.params),
            "pages": .array(navigation),
        ]
        shared = ["site": site, "qr": .object(qrObject), "asset": assets.helper]
        beacon = ConversionBeacon.script(urlPrefix: config.urlPrefix)
    }

    /// The page's HTML for a variant, with the conversion beacon injected.
    func render(_ page: Page, variant: VariantConfig, strict: Bool = true) throws(BuildFailure) -> String {
        let content = page.content(for: variant.id)
        let template = content.template
        guard templates.pageTemplates.contains(template) else {
            throw BuildFailure(
                Diagnostic(
                    file: content.file,
                    "unknown template '\(template)': no \(templates.folder)/\(template).mustache\(didYouMean(template, in: Array(templates.pageTemplates)))"
                ))
        }
        var pageObject = content.frontMatter
        for (key, value) in variant.params { pageObject[key] = value }
        pageObject["title"] = pageObject["title"] ?? .string(config.title)
        pageObject["content"] = .string(content.html)
        pageObject["url"] = .string(config.urlPrefix + page.urlPath)
        pageObject["path"] = .string(page.outputPath)
        pageObject["id"] = .string(page.id)

        // Bare names resolve most specific first: variant params, then front matter, then
        // site params; the fixed names below cannot be shadowed.
        var root = config.params
        for (key, value) in content.frontMatter { root[key] = value }
        for (key, value) in variant.params { root[key] = value }
        for (key, value) in shared { root[key] = value }
        var variantObject = variant.params
        variantObject["id"] = .string(variant.id)
        root["variant"] = .object(variantObject)
        root["page"] = .object(pageObject)

        let html: String
        do {
            html = try templates.library.render(template, context: .object(root), strict: strict)
        } catch {
            throw BuildFailure(Diagnostic(at: error.location, error.message))
        }
        return ConversionBeacon.inject(beacon, into: html)
    }
}
