/// Walks parsed nodes and appends output to one buffer.
///
/// Holds the context stack, the indentation of the standalone partial/parent/block being
/// expanded, and the block overrides in force from enclosing parent tags.
struct TemplateRenderer {
    /// Includes deeper than this are almost certainly a partial including itself forever.
    static let maximumDepth = 100

    /// A block argument from a parent tag, with the indentation in force where it was written.
    struct Override {
        let block: BlockTag
        let indentation: String
    }

    let library: TemplateLibrary
    let strict: Bool
    private(set) var output = ""
    private var stack: [TemplateValue]
    private var indentation = ""
    private var overrides: [String: Override] = [:]
    private var depth = 0

    init(library: TemplateLibrary, strict: Bool, context: TemplateValue, sizeHint: Int) {
        self.library = library
        self.strict = strict
        self.stack = [context]
        output.reserveCapacity(sizeHint + sizeHint / 2 + 256)
    }

    mutating func render(_ nodes: [TemplateNode]) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text(let text): output.append(text)
            case .lineStart: if !indentation.isEmpty { output.append(indentation) }
            case .variable(let tag): try renderVariable(tag)
            case .section(let tag): try renderSection(tag)
            case .partial(let tag): try renderPartial(tag)
            case .parent(let tag): try renderParent(tag)
            case .block(let tag): try renderBlock(tag)
            }
        }
    }

    // MARK: - Values

    /// Resolves a dotted name: the first part is searched down the context stack, the rest only
    /// inside what the first part found (so `a.b` never falls back to an outer `b`).
    private func lookup(_ name: TemplateName) -> TemplateValue? {
        guard let first = name.path.first else { return stack.last }
        var found: TemplateValue?
        var level = stack.count - 1
        while level >= 0 {
            if case .object(let members) = stack[level], let value = members[first] {
                found = value
                break
            }
            level -= 1
        }
        guard var current = found else { return nil }
        var index = 1
        while index < name.path.count {
            guard case .object(let members) = current, let value = members[name.path[index]] else { return nil }
            current = value
            index += 1
        }
        return current
    }

    private mutating func renderVariable(_ tag: VariableTag) throws(TemplateError) {
        let value = lookup(tag.name) ?? .null
        switch value {
        case .null:
            if strict { throw TemplateError("`\(tag.source)` resolves to nothing", at: tag.location) }
        case .string(let text):
            if tag.escaped { output.appendHTMLEscaped(text) } else { output.append(text) }
        case .int(let number):
            output.append(String(number))
        case .array, .object:
            // These interpolate as nothing, which in a build is always a mistake (`{{site.pages}}`
            // instead of a section), so strict mode reports it like a missing value.
            if strict {
                throw TemplateError(
                    "`\(tag.source)` is a list or object, not text; iterate it with a section", at: tag.location)
            }
        case .function(let function):
            let text = try call(function, with: "", source: tag.source, at: tag.location)
            if tag.escaped { output.appendHTMLEscaped(text) } else { output.append(text) }
        default:
            if tag.escaped { output.appendHTMLEscaped(value.interpolated) } else { output.append(value.interpolated) }
        }
    }

    private mutating func renderSection(_ tag: SectionTag) throws(TemplateError) {
        let value = lookup(tag.name) ?? .null
        if tag.inverted {
            if value.isFalsey { try render(tag.nodes) }
            return
        }
        if value.isFalsey { return }
        switch value {
        case .array(let items):
            for item in items {
                stack.append(item)
                try render(tag.nodes)
                stack.removeLast()
            }
        case .function(let function):
            // Helpers get the section rendered in the current context, so that
            // `{{#asset}}images/{{hero}}{{/asset}}` picks a per-variant file, and return
            // finished HTML that is inserted as it is.
            var finished = ""
            swap(&finished, &output)
            try render(tag.nodes)
            swap(&finished, &output)
            output.append(try call(function, with: finished, source: tag.source, at: tag.location))
        default:
            stack.append(value)
            try render(tag.nodes)
            stack.removeLast()
        }
    }

    private func call(
        _ function: TemplateFunction, with text: String, source: String, at location: SourceLocation
    ) throws(TemplateError) -> String {
        do {
            return try function.call(text)
        } catch let error as TemplateError {
            throw error
        } catch {
            throw TemplateError("`\(source)` failed: \(error)", at: location)
        }
    }

    // MARK: - Partials, parents and blocks

    /// The template a partial or parent tag names, or nil when it renders nothing.
    private func includedTemplate(
        _ name: IncludedName, kind: String, source: String, at location: SourceLocation
    ) throws(TemplateError) -> Template? {
        let resolved: String
        switch name {
        case .fixed(let fixed):
            resolved = fixed
        case .dynamic(let dynamic):
            guard let value = lookup(dynamic), !value.isFalsey else {
                if strict { throw TemplateError("`\(source)`: `\(dynamic.text)` resolves to nothing", at: location) }
                return nil
            }
            resolved = value.interpolated
        }
        guard let template = library[resolved] else {
            if strict { throw TemplateError("unknown \(kind) `\(resolved)` in `\(source)`", at: location) }
            return nil
        }
        return template
    }

    private mutating func renderPartial(_ tag: PartialTag) throws(TemplateError) {
        guard let template = try includedTemplate(tag.name, kind: "partial", source: tag.source, at: tag.location)
        else { return }
        // An inline partial's later lines were never part of this line, so they get no indentation.
        try expand(
            template.nodes, indentation: tag.indentation.map { indentation + $0 } ?? "", tag.source, tag.location)
    }

    private mutating func renderParent(_ tag: ParentTag) throws(TemplateError) {
        guard
            let template = try includedTemplate(tag.name, kind: "parent template", source: tag.source, at: tag.location)
        else { return }
        let savedOverrides = overrides
        // Overrides from further out win: a grandchild's block beats its parent's.
        for (name, block) in tag.arguments where overrides[name] == nil {
            overrides[name] = Override(block: block, indentation: indentation)
        }
        try expand(
            template.nodes, indentation: tag.indentation.map { indentation + $0 } ?? "", tag.source, tag.location)
        overrides = savedOverrides
    }

    private mutating func renderBlock(_ tag: BlockTag) throws(TemplateError) {
        let nodes: [TemplateNode]
        let definedIndentation: String
        if let override = overrides[tag.name] {
            nodes = override.block.nodes
            definedIndentation = override.indentation
        } else {
            nodes = tag.nodes
            definedIndentation = indentation
        }
        guard tag.standalone else {
            try expand(nodes, indentation: definedIndentation, "{{$\(tag.name)}}", tag.location)
            return
        }
        let expanded = indentation + tag.indentation
        if let first = nodes.first, !startsLine(first) { output.append(expanded) }
        try expand(nodes, indentation: expanded, "{{$\(tag.name)}}", tag.location)
    }

    /// Whether a node already begins a fresh line (so a re-indented block needs no extra indent).
    private func startsLine(_ node: TemplateNode) -> Bool {
        switch node {
        case .lineStart: return true
        case .text(let text): return text.utf8.first == UInt8(ascii: "\n") || text.utf8.first == UInt8(ascii: "\r")
        default: return false
        }
    }

    private mutating func expand(
        _ nodes: [TemplateNode], indentation newIndentation: String, _ source: String, _ location: SourceLocation
    ) throws(TemplateError) {
        guard depth < Self.maximumDepth else {
            throw TemplateError(
                "`\(source)` nests more than \(Self.maximumDepth) levels deep; does a partial include itself?",
                at: location)
        }
        let savedIndentation = indentation
        depth += 1
        indentation = newIndentation
        try render(nodes)
        indentation = savedIndentation
        depth -= 1
    }
}
