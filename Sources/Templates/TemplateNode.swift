/// One piece of a parsed template. The renderer walks these; it never looks at source text again.
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
struct VariableTag: Sendable {
    let name: TemplateName
    let escaped: Bool
    /// The tag as written, for error messages.
    let source: String
    let location: SourceLocation
}

/// `{{#name}}…{{/name}}` or `{{^name}}…{{/name}}`.
struct SectionTag: Sendable {
    let name: TemplateName
    let inverted: Bool
    let nodes: [TemplateNode]
    /// The unparsed text between the tags, handed to `.function` values.
    let rawText: String
    let source: String
    let location: SourceLocation
}

/// How a partial or parent names the template it includes.
enum IncludedName: Sendable {
    case fixed(String)
    /// `{{>*name}}`: the name is looked up in the context when rendering.
    case dynamic(TemplateName)
}

/// `{{>name}}`.
struct PartialTag: Sendable {
    let name: IncludedName
    /// The whitespace before a standalone tag, prepended to every line of the partial;
    /// nil when the tag is inline.
    let indentation: String?
    let source: String
    let location: SourceLocation
}

/// `{{<name}}{{$block}}…{{/block}}{{/name}}`: includes `name` with some blocks replaced.
struct ParentTag: Sendable {
    let name: IncludedName
    let indentation: String?
    /// The blocks written directly inside the parent tag; everything else in it is ignored.
    let arguments: [String: BlockTag]
    let source: String
    let location: SourceLocation
}

/// `{{$name}}default{{/name}}`: a slot a child template may fill.
struct BlockTag: Sendable {
    let name: String
    var nodes: [TemplateNode]
    /// Standalone blocks are re-indented: their content was dedented at parse time and gets
    /// `indentation` (relative to the enclosing block) added where the block is expanded.
    var standalone: Bool
    var indentation: String
    let location: SourceLocation
}
