/// One piece of a parsed template. The renderer walks these; it never looks at source text again.
///
/// Tag payloads are immutable final classes so that walking the nodes retains one reference per
/// tag instead of copying every field (measured: node copies dominated rendering as structs).
enum TemplateNode: Sendable {
    /// Literal text, already stripped of standalone-tag lines.
    case text(String)
    /// The start of a source line that produces output. Rendering inserts the current
    /// indentation here, which is how standalone partials, parents and blocks get indented
    /// line by line without re-parsing (interpolated values containing newlines stay as they are).
    case lineStart
    case variable(VariableTag)
    case section(SectionTag)
    case partial(PartialTag)
    case parent(ParentTag)
    case block(BlockTag)
}

/// `{{name}}`, `{{{name}}}` or `{{&name}}`.
final class VariableTag: Sendable {
    let name: TemplateName
    let escaped: Bool
    /// The tag as written, for error messages.
    let source: String
    let location: SourceLocation

    init(name: TemplateName, escaped: Bool, source: String, location: SourceLocation) {
        self.name = name
        self.escaped = escaped
        self.source = source
        self.location = location
    }
}

/// `{{#name}}…{{/name}}` or `{{^name}}…{{/name}}`.
final class SectionTag: Sendable {
    let name: TemplateName
    let inverted: Bool
    let nodes: [TemplateNode]
    let source: String
    let location: SourceLocation

    init(
        name: TemplateName, inverted: Bool, nodes: [TemplateNode], source: String,
        location: SourceLocation
    ) {
        self.name = name
        self.inverted = inverted
        self.nodes = nodes
        self.source = source
        self.location = location
    }
}

/// How a partial or parent names the template it includes.
enum IncludedName: Sendable {
    case fixed(String)
    /// `{{>*name}}`: the name is looked up in the context when rendering.
    case dynamic(TemplateName)
}

/// `{{>name}}`.
final class PartialTag: Sendable {
    let name: IncludedName
    /// The whitespace before a standalone tag, prepended to every line of the partial;
    /// nil when the tag is inline.
    let indentation: String?
    let source: String
    let location: SourceLocation

    init(name: IncludedName, indentation: String?, source: String, location: SourceLocation) {
        self.name = name
        self.indentation = indentation
        self.source = source
        self.location = location
    }
}

/// `{{<name}}{{$block}}…{{/block}}{{/name}}`: includes `name` with some blocks replaced.
final class ParentTag: Sendable {
    let name: IncludedName
    let indentation: String?
    /// The blocks written directly inside the parent tag; everything else in it is ignored.
    let arguments: [String: BlockTag]
    let source: String
    let location: SourceLocation

    init(
        name: IncludedName, indentation: String?, arguments: [String: BlockTag], source: String,
        location: SourceLocation
    ) {
        self.name = name
        self.indentation = indentation
        self.arguments = arguments
        self.source = source
        self.location = location
    }
}

/// `{{$name}}default{{/name}}`: a slot a child template may fill.
final class BlockTag: Sendable {
    let name: String
    let nodes: [TemplateNode]
    /// Standalone blocks are re-indented: their content was dedented at parse time and gets
    /// `indentation` (relative to the enclosing block) added where the block is expanded.
    let standalone: Bool
    let indentation: String
    let location: SourceLocation

    init(name: String, nodes: [TemplateNode], standalone: Bool, indentation: String, location: SourceLocation) {
        self.name = name
        self.nodes = nodes
        self.standalone = standalone
        self.indentation = indentation
        self.location = location
    }
}
