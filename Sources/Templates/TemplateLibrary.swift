/// Named templates that include each other, and the entry point for rendering.
///
/// Partials (`{{>name}}`) and parents (`{{<name}}`) share this one namespace. A library is a
/// plain value: build it once, then render from any number of tasks at the same time.
package struct TemplateLibrary: Sendable {
    private var templates: [String: Template] = [:]

    package init() {}

    /// Registers each template under its own name.
    package init(_ templates: [Template]) {
        for template in templates { register(template) }
    }

    /// Registers `template` under `template.name`, replacing any template of that name.
    package mutating func register(_ template: Template) {
        templates[template.name] = template
    }

    /// Registers `template` under another name, e.g. an alias.
    package mutating func register(_ template: Template, as name: String) {
        templates[name] = template
    }

    package subscript(name: String) -> Template? { templates[name] }

    /// The registered names, sorted.
    package var names: [String] { templates.keys.sorted() }

    /// Renders the template registered as `name`.
    ///
    /// With `strict`, an interpolation that resolves to nothing (missing or null) and an unknown
    /// partial or parent fail with the tag's location; otherwise they render empty, as the
    /// Mustache spec requires. Sections on missing names render nothing in both modes.
    package func render(_ name: String, context: TemplateValue, strict: Bool) throws(TemplateError) -> String {
        guard let template = templates[name] else {
            throw TemplateError("no template named `\(name)`", at: SourceLocation(file: name, line: 1, column: 1))
        }
        return try render(template, context: context, strict: strict)
    }

    /// Renders `template` (registered or not); its partials and parents come from this library.
    package func render(_ template: Template, context: TemplateValue, strict: Bool) throws(TemplateError) -> String {
        var renderer = TemplateRenderer(library: self, strict: strict, context: context, sizeHint: template.sizeHint)
        try renderer.render(template.nodes)
        return renderer.output
    }
}

extension Template {
    /// Renders this template alone: partials and parents are looked up in `library`.
    package func render(
        _ context: TemplateValue, library: TemplateLibrary = TemplateLibrary(), strict: Bool
    ) throws(TemplateError) -> String {
        try library.render(self, context: context, strict: strict)
    }
}
