/// Turns Mustache source into `TemplateNode`s, applying the spec's standalone-line rules so the
/// renderer only appends.
///
/// Works on UTF-8 bytes. Open sections, blocks and parents are kept on a stack of frames; a
/// closing tag pops one and appends the finished node to the frame below.
struct TemplateParser {
    let bytes: [UInt8]
    let lines: SourceLines
    var openDelimiter: [UInt8] = Array("{{".utf8)
    var closeDelimiter: [UInt8] = Array("}}".utf8)
    /// Where the source text not yet turned into nodes begins.
    var textStart = 0
    /// Set at the start of every output line until something is emitted on it.
    var needsLineStart = true
    /// Set when a tag and the adjacent next one form one standalone unit (e.g. `{{<p}}{{/p}}`),
    /// so the next tag consumes the rest of the line.
    var forceStandaloneNext = false
    var frames: [Frame]

    init(source: String, file: String) {
        bytes = Array(source.utf8)
        lines = SourceLines(file: file, bytes: bytes)
        frames = [
            Frame(kind: .root, name: "", source: "", location: lines.location(of: 0), contentStart: 0)
        ]
    }

    mutating func parse() throws(TemplateError) -> [TemplateNode] {
        var position = 0
        while let tagStart = find(openDelimiter, from: position, before: bytes.count) {
            position = try parseTag(at: tagStart)
        }
        appendText(upTo: bytes.count)
        if let open = frames.last, frames.count > 1 {
            throw TemplateError(
                "`\(open.source)` is never closed (expected a closing tag for `\(open.name)`)",
                at: open.location)
        }
        return frames[0].nodes
    }

    /// Parses the tag at `tagStart` and returns where scanning continues.
    private mutating func parseTag(at tagStart: Int) throws(TemplateError) -> Int {
        let location = lines.location(of: tagStart)
        let sigilOffset = tagStart + openDelimiter.count
        guard sigilOffset < bytes.count else { throw unclosedTag(at: tagStart) }
        let kind = TagKind(sigil: bytes[sigilOffset])
        let contentStart = kind == .variable ? sigilOffset : sigilOffset + 1
        let terminator: [UInt8]
        switch kind {
        case .triple: terminator = [UInt8(ascii: "}")] + closeDelimiter
        case .delimiters: terminator = [UInt8(ascii: "=")] + closeDelimiter
        default: terminator = closeDelimiter
        }
        guard let contentEnd = find(terminator, from: contentStart, before: bytes.count) else {
            throw unclosedTag(at: tagStart)
        }
        // `{{a {{b}}` would otherwise read as one tag named `a {{b`; the real mistake is the first `{{`.
        if kind != .comment, find(openDelimiter, from: contentStart, before: contentEnd) != nil {
            throw unclosedTag(at: tagStart)
        }
        let tagEnd = contentEnd + terminator.count
        let tag = Tag(
            kind: kind, content: trimmed(contentStart..<contentEnd), start: tagStart, end: tagEnd,
            source: string(tagStart..<tagEnd), location: location)

        switch kind {
        case .variable, .ampersand, .triple:
            return try parseVariable(tag)
        case .comment:
            return skipStandaloneOrInline(tag)
        case .delimiters:
            try setDelimiters(tag)
            return skipStandaloneOrInline(tag)
        case .section, .inverted:
            return try openSection(tag)
        case .close:
            return try close(tag)
        case .partial:
            return try parsePartial(tag)
        case .parent:
            return try openParent(tag)
        case .block:
            return try openBlock(tag)
        }
    }

    private func unclosedTag(at tagStart: Int) -> TemplateError {
        let open = String(decoding: openDelimiter, as: UTF8.self)
        let close = String(decoding: closeDelimiter, as: UTF8.self)
        return TemplateError("unclosed tag: `\(open)` has no matching `\(close)`", at: lines.location(of: tagStart))
    }

    // MARK: - Tags

    private mutating func parseVariable(_ tag: Tag) throws(TemplateError) -> Int {
        let name = try dottedName(of: tag)
        appendText(upTo: tag.start)
        appendOutputNode(
            .variable(
                VariableTag(name: name, escaped: tag.kind == .variable, source: tag.source, location: tag.location)))
        textStart = tag.end
        return tag.end
    }

    private mutating func setDelimiters(_ tag: Tag) throws(TemplateError) {
        let parts = bytes[tag.content].split(whereSeparator: Self.isWhitespace)
        guard parts.count == 2, !parts.contains(where: { $0.contains(UInt8(ascii: "=")) }) else {
            throw TemplateError(
                "invalid delimiters in `\(tag.source)`: expected two delimiters separated by a space, like `{{=<% %>=}}`",
                at: tag.location)
        }
        openDelimiter = Array(parts[0])
        closeDelimiter = Array(parts[1])
    }

    private mutating func openSection(_ tag: Tag) throws(TemplateError) -> Int {
        let name = try dottedName(of: tag)
        let next = consumeStandalone(tag) ?? inline(tag, producesOutput: true)
        try push(
            Frame(
                kind: .section(name: name, inverted: tag.kind == .inverted), name: name.text,
                source: tag.source, location: tag.location, contentStart: next))
        return next
    }

    /// Opens a section, parent or block. Parsing and rendering recurse once per level, so a
    /// bound here turns a pathological template into an error instead of a stack overflow.
    private mutating func push(_ frame: Frame) throws(TemplateError) {
        guard frames.count <= TemplateRenderer.maximumDepth else {
            throw TemplateError(
                "`\(frame.source)` nests sections more than \(TemplateRenderer.maximumDepth) levels deep",
                at: frame.location)
        }
        frames.append(frame)
    }

    private mutating func parsePartial(_ tag: Tag) throws(TemplateError) -> Int {
        let name = try includedName(of: tag)
        if let prefix = standalonePrefixStart(before: tag.start), let lineEnd = standaloneLineEnd(after: tag.end) {
            appendText(upTo: prefix)
            let partial = PartialTag(
                name: name, indentation: string(prefix..<tag.start), source: tag.source, location: tag.location)
            appendNode(.partial(partial))
            return skipLine(to: lineEnd)
        }
        appendText(upTo: tag.start)
        appendOutputNode(.partial(PartialTag(name: name, indentation: nil, source: tag.source, location: tag.location)))
        textStart = tag.end
        return tag.end
    }

    private mutating func openParent(_ tag: Tag) throws(TemplateError) -> Int {
        let name = try includedName(of: tag)
        var indentation: String?
        var next = tag.end
        if let prefix = standalonePrefixStart(before: tag.start) {
            if let lineEnd = standaloneLineEnd(after: tag.end) {
                indentation = string(prefix..<tag.start)
                appendText(upTo: prefix)
                next = skipLine(to: lineEnd)
            } else if let following = peekTag(at: tag.end), pairsWithParent(following, name: string(tag.content)) {
                // `{{<parent}}{{/parent}}` or `{{<parent}}{{$block}}` alone on a line: one standalone unit.
                indentation = string(prefix..<tag.start)
                appendText(upTo: prefix)
                textStart = tag.end
                needsLineStart = false
                forceStandaloneNext = true
            }
        }
        if indentation == nil {
            appendText(upTo: tag.start)
            appendOutputNode(nil)
            textStart = tag.end
        }
        try push(
            Frame(
                kind: .parent(name: name, indentation: indentation), name: string(tag.content),
                source: tag.source, location: tag.location, contentStart: next))
        return next
    }

    private func pairsWithParent(_ following: (sigil: UInt8, name: String, end: Int), name: String) -> Bool {
        let closesIt = following.sigil == UInt8(ascii: "/") && following.name == name
        let opensBlock = following.sigil == UInt8(ascii: "$")
        return (closesIt || opensBlock) && standaloneLineEnd(after: following.end) != nil
    }

    private mutating func openBlock(_ tag: Tag) throws(TemplateError) -> Int {
        let name = string(tag.content)
        try requireSimpleName(name, of: tag)
        var standalone = false
        var indentation = ""
        var next = tag.end
        if forceStandaloneNext, let lineEnd = standaloneLineEnd(after: tag.end) {
            forceStandaloneNext = false
            standalone = true
            appendText(upTo: tag.start)
            next = skipLine(to: lineEnd)
        } else if let prefix = standalonePrefixStart(before: tag.start) {
            if let lineEnd = standaloneLineEnd(after: tag.end) {
                standalone = true
                indentation = string(prefix..<tag.start)
                appendText(upTo: prefix)
                next = skipLine(to: lineEnd)
            } else if let following = peekTag(at: tag.end), following.sigil == UInt8(ascii: "/"),
                following.name == name, standaloneLineEnd(after: following.end) != nil
            {
                // `  {{$block}}{{/block}}` alone on a line: an empty standalone block. Its line end
                // stays, as the inheritance spec requires.
                standalone = true
                indentation = string(prefix..<tag.start)
                appendText(upTo: prefix)
                textStart = tag.end
                needsLineStart = false
            }
        }
        forceStandaloneNext = false
        if !standalone {
            appendText(upTo: tag.start)
            appendOutputNode(nil)
            textStart = tag.end
        }
        var frame = Frame(
            kind: .block, name: name, source: tag.source, location: tag.location, contentStart: next)
        frame.standalone = standalone
        frame.indentation = indentation
        try push(frame)
        return next
    }

    private mutating func close(_ tag: Tag) throws(TemplateError) -> Int {
        let name = string(tag.content)
        guard frames.count > 1, let open = frames.last else {
            throw TemplateError("`\(tag.source)` closes nothing: no section, block or parent is open", at: tag.location)
        }
        guard open.name == name else {
            throw TemplateError(
                "`\(tag.source)` does not match `\(open.source)` opened at \(open.location.line):\(open.location.column)",
                at: tag.location)
        }
        var contentEnd = tag.start
        var next = tag.end
        if forceStandaloneNext, let lineEnd = standaloneLineEnd(after: tag.end) {
            forceStandaloneNext = false
            appendText(upTo: tag.start)
            next = skipLine(to: lineEnd)
        } else if let prefix = standalonePrefixStart(before: tag.start) {
            if let lineEnd = standaloneLineEnd(after: tag.end) {
                contentEnd = prefix
                appendText(upTo: prefix)
                next = skipLine(to: lineEnd)
            } else if case .block = open.kind, frames.count > 2, case .parent = frames[frames.count - 2].kind,
                let following = peekTag(at: tag.end), following.sigil == UInt8(ascii: "/"),
                following.name == frames[frames.count - 2].name, standaloneLineEnd(after: following.end) != nil
            {
                // `{{/block}}{{/parent}}` alone on a line.
                contentEnd = prefix
                appendText(upTo: prefix)
                textStart = tag.end
                forceStandaloneNext = true
            } else {
                appendText(upTo: tag.start)
                textStart = tag.end
            }
        } else {
            appendText(upTo: tag.start)
            textStart = tag.end
        }
        // The frame is read again because its last text was appended above.
        let finished = frames.removeLast()
        appendNode(finish(finished, contentEnd: contentEnd))
        return next
    }

    // MARK: - Standalone lines

    /// Removes a standalone tag's whole line; returns where scanning continues, or nil if the tag
    /// is not alone on its line.
    private mutating func consumeStandalone(_ tag: Tag) -> Int? {
        guard let prefix = standalonePrefixStart(before: tag.start), let lineEnd = standaloneLineEnd(after: tag.end)
        else { return nil }
        appendText(upTo: prefix)
        return skipLine(to: lineEnd)
    }

    private mutating func inline(_ tag: Tag, producesOutput: Bool) -> Int {
        appendText(upTo: tag.start)
        if producesOutput { appendOutputNode(nil) }
        textStart = tag.end
        return tag.end
    }

    private mutating func skipStandaloneOrInline(_ tag: Tag) -> Int {
        consumeStandalone(tag) ?? inline(tag, producesOutput: false)
    }

    private mutating func skipLine(to lineEnd: Int) -> Int {
        textStart = lineEnd
        needsLineStart = true
        return lineEnd
    }

    // MARK: - Names

    private func dottedName(of tag: Tag) throws(TemplateError) -> TemplateName {
        let text = string(tag.content)
        try requireSimpleName(text, of: tag)
        guard let name = TemplateName(text) else {
            throw TemplateError(
                "invalid name `\(text)` in `\(tag.source)`: a dotted name has an empty part", at: tag.location)
        }
        return name
    }

    private func includedName(of tag: Tag) throws(TemplateError) -> IncludedName {
        let text = string(tag.content)
        try requireSimpleName(text, of: tag)
        guard text.hasPrefix("*") else { return .fixed(text) }
        let dynamic = string(trimmed(tag.content.lowerBound + 1..<tag.content.upperBound))
        guard !dynamic.isEmpty, let name = TemplateName(dynamic) else {
            throw TemplateError("invalid dynamic name in `\(tag.source)`", at: tag.location)
        }
        return .dynamic(name)
    }

    private func requireSimpleName(_ text: String, of tag: Tag) throws(TemplateError) {
        if text.isEmpty {
            throw TemplateError("empty tag name in `\(tag.source)`", at: tag.location)
        }
        // `{{> * name }}` is the one place inner whitespace is allowed: after the dynamic-name star.
        let content = text.hasPrefix("*") ? trimmed(tag.content.lowerBound + 1..<tag.content.upperBound) : tag.content
        if containsWhitespace(content) {
            throw TemplateError(
                "invalid name `\(text)` in `\(tag.source)`: names cannot contain spaces", at: tag.location)
        }
    }
}
