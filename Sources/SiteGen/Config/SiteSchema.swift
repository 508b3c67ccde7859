/// The keys `site.yml` accepts, with their defaults and meaning.
///
/// Parsing checks unknown keys against this table and `sitegen check` and `docs/authoring.md`
/// are generated from it, so the reference cannot drift from what the parser accepts.
package struct SchemaKey: Sendable {
    package var name: String
    package var type: String
    package var defaultValue: String
    package var summary: String
    package var children: [SchemaKey]
    /// For lists of mappings: the keys of each item.
    package var itemKeys: [SchemaKey]

    package init(
        _ name: String, _ type: String, default defaultValue: String = "", _ summary: String,
        children: [SchemaKey] = [], items: [SchemaKey] = []
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.summary = summary
        self.children = children
        self.itemKeys = items
    }
}

package enum SiteSchema {
    package static let keys: [SchemaKey] = [
        SchemaKey("title", "text", default: "required", "The site's name, `{{site.title}}`."),
        SchemaKey(
            "base_url", "absolute http(s) origin", default: "required",
            "Origin where `sitegen serve` answers; QR codes encode `base_url/<site>/?src=qr&p=<placement>`."
        ),
        SchemaKey(
            "template", "name", default: "required", "A folder under `templates/`."),
        SchemaKey(
            "timezone", "IANA zone", default: "UTC",
            "Zone of the `hour` and `weekday` context features, e.g. `Europe/Rome`."),
        SchemaKey("language", "language tag", default: "en", "`<html lang>` and `{{site.language}}`."),
        SchemaKey("description", "text", default: "empty", "`{{site.description}}`, for meta tags."),
        SchemaKey(
            "params", "mapping", default: "empty",
            "Site-wide values: `{{site.params.x}}`, and `{{x}}` unless a page or variant sets `x`."),
        SchemaKey(
            "markdown", "mapping", default: "", "How Markdown becomes HTML.",
            children: [
                SchemaKey(
                    "unsafe", "true/false", default: "false",
                    "Keep raw HTML in Markdown; otherwise it is replaced by a comment."),
                SchemaKey(
                    "smart", "true/false", default: "true", "Curly quotes, en and em dashes."),
            ]),
        SchemaKey(
            "variants", "list", default: "one variant `default`",
            "Versions of the site; the runtime picks one per visitor.",
            items: [
                SchemaKey(
                    "id", "id", default: "required",
                    "Lowercase letters, digits and `-`, at most 40 characters; unique."),
                SchemaKey(
                    "params", "mapping", default: "empty",
                    "Values that override the site's and pages' values of the same name."),
                SchemaKey(
                    "redirect", "absolute http(s) URL", default: "none",
                    "Answer this variant with a 302 to the URL instead of pages, carrying the decision as `sg_click=<token>` (or in a `{click}` placeholder)."
                ),
            ]),
        SchemaKey(
            "goals", "list", default: "`[{id: convert, value: 1}]`",
            "Conversions pages report with `data-goal` or `/<site>/_go/<goal>`.",
            items: [
                SchemaKey("id", "id", default: "required", "The goal's name."),
                SchemaKey(
                    "value", "number ≥ 0", default: "1",
                    "Reward when the conversion reports no value of its own."),
                SchemaKey(
                    "max_value", "number > 0, ≥ `value`", default: "`value`",
                    "Most a page (`data-value`, `goal:<goal>=<value>`) may report; larger values are credited at this. Also the most one conversion teaches the bandit."
                ),
            ]),
        SchemaKey(
            "destinations", "list of URLs", default: "empty",
            "Where `/<site>/_go/<goal>?to=…` may send visitors: absolute http(s) URLs or paths starting with `/<site>/`."
        ),
        SchemaKey(
            "qr", "mapping", default: "", "The printed QR codes.",
            children: [
                SchemaKey(
                    "error_correction", "L, M, Q or H", default: "M",
                    "How much of the symbol may be damaged or covered (7, 15, 25, 30%)."),
                SchemaKey(
                    "quiet_zone", "modules ≥ 4", default: "4",
                    "Blank margin around the symbol; scanners need at least 4."),
                SchemaKey("foreground", "colour", default: "#000000", "Dark modules, `#rrggbb`."),
                SchemaKey("background", "colour", default: "#ffffff", "Light modules and margin."),
                SchemaKey("scale", "1–64", default: "10", "PNG pixels per module."),
                SchemaKey(
                    "force", "true/false", default: "false",
                    "Accept low contrast or light modules on a dark background."),
                SchemaKey(
                    "size_mm", "number", default: "30",
                    "Printed width; `sitegen check` warns when a module is under 0.4 mm."),
                SchemaKey(
                    "logo_size", "0–0.5", default: "0; 0.2 with `logo`",
                    "Width of a logo printed over the centre, as a fraction of the symbol; checked against the error-correction budget."
                ),
                SchemaKey(
                    "logo", "asset path", default: "none",
                    "A PNG below `assets/` (8-bit grey, RGB, RGBA or palette, not interlaced) drawn over the centre of every code, the modules under it cleared."
                ),
                SchemaKey(
                    "print_dpi", "72–2400", default: "600",
                    "Resolution of the print PNG, `qr/print/<placement>.png`, stated in the file."),
                SchemaKey(
                    "version", "1–40", default: "smallest that fits",
                    "Smallest QR version to encode at; a longer URL still gets a larger one."),
                SchemaKey(
                    "uniform_version", "true/false", default: "false",
                    "Encode every placement at the version the longest URL needs, so codes printed at one size share one module size."
                ),
                SchemaKey(
                    "placements", "list", default: "`[{id: default}]`",
                    "One QR code per place it is printed.",
                    items: [
                        SchemaKey("id", "id", default: "required", "Sent as `p=<id>`."),
                        SchemaKey(
                            "variant", "variant id", default: "none",
                            "Pin this placement to a variant (`v=<id>`)."),
                    ]),
            ]),
        SchemaKey(
            "personalize", "mapping", default: "",
            "How the runtime picks a variant per visitor.",
            children: PersonalizeSchema.keys),
    ]

    /// The keys of a nested mapping, by dotted path (`qr`, `markdown`, …).
    static func keys(at path: [String]) -> [SchemaKey] {
        var level = keys
        for name in path {
            guard let key = level.first(where: { $0.name == name }) else { return [] }
            level = key.children.isEmpty ? key.itemKeys : key.children
        }
        return level
    }
}
