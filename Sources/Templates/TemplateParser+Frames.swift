extension TemplateParser {
    enum TagKind: Equatable {
        case variable, ampersand, triple, comment, delimiters, section, inverted, close, partial, parent, block

        init(sigil: UInt8) {
            switch sigil {
            case UInt8(ascii: "&"): self = .ampersand
            case UInt8(ascii: "{"): self = .triple
            case UInt8(ascii: "!"): self = .comment
            case UInt8(ascii: "="): self = .delimiters
            case UInt8(ascii: "#"): self = .section
            case UInt8(ascii: "^"): self = .inverted
            case UInt8(ascii: "/"): self = .close
            case UInt8(ascii: ">"): self = .partial
            case UInt8(ascii: "<"): self = .parent
            case UInt8(ascii: "$"): self = .block
            default: self = .variable
            }
        }
    }

    /// One tag as found in the source.
    struct Tag {
        let kind: TagKind
        /// The tag's name or content, without sigil and surrounding whitespace.
        let content: Range<Int>
        let start: Int
        let end: Int
        let source: String
        let location: SourceLocation
    }

    /// A section, block or parent whose closing tag has not been seen yet.
    struct Frame {
        enum Kind {
            case root
            case section(name: TemplateName, inverted: Bool)
            case block
            case parent(name: IncludedName, indentation: String?)
        }

        let kind: Kind
        /// What the closing tag must say.
        let name: String
        let source: String
        let location: SourceLocation
        /// Where the content begins once a standalone opening line is removed.
        let contentStart: Int
        var nodes: [TemplateNode] = []
        var arguments: [String: BlockTag] = [:]
        var standalone = false
        var indentation = ""
    }

    /// Appends a node to the innermost open frame. Inside a parent tag only blocks matter: the
    /// spec ignores everything else written there.
    mutating func appendNode(_ node: TemplateNode) {
        let top = frames.count - 1
        if case .parent = frames[top].kind {
            if case .block(let block) = node { frames[top].arguments[block.name] = block }
            return
        }
        frames[top].nodes.append(node)
    }

    /// Appends a node that produces output, preceded by a line-start marker when it is the first
    /// thing on its line. With `nil` only the marker is written (for nodes appended later).
    mutating func appendOutputNode(_ node: TemplateNode?) {
        if needsLineStart {
            appendNode(.lineStart)
            needsLineStart = false
        }
        if let node { appendNode(node) }
    }

    /// Turns the pending source text up to `end` into text nodes, with a line-start marker before
    /// each line that has content.
    mutating func appendText(upTo end: Int) {
        var chunkStart = textStart
        var index = textStart
        while index < end {
            if needsLineStart {
                if !lineIsBlank(at: index) {
                    if chunkStart < index { appendNode(.text(string(chunkStart..<index))) }
                    chunkStart = index
                    appendNode(.lineStart)
                }
                needsLineStart = false
            }
            var newline = index
            while newline < end, bytes[newline] != UInt8(ascii: "\n") { newline += 1 }
            guard newline < end else { break }
            index = newline + 1
            needsLineStart = true
        }
        if chunkStart < end { appendNode(.text(string(chunkStart..<end))) }
        textStart = max(textStart, end)
    }

    /// Builds the node for a frame whose closing tag was just read.
    func finish(_ frame: Frame, contentEnd: Int) -> TemplateNode {
        switch frame.kind {
        case .root:
            return .text("")
        case .section(let name, let inverted):
            return .section(
                SectionTag(
                    name: name, inverted: inverted, nodes: frame.nodes,
                    source: frame.source, location: frame.location))
        case .parent(let name, let indentation):
            return .parent(
                ParentTag(
                    name: name, indentation: indentation, arguments: frame.arguments,
                    source: frame.source, location: frame.location))
        case .block:
            var nodes = frame.nodes
            var indentation = frame.indentation
            if frame.standalone {
                // Block indentation is removed where the block is written and added where it is
                // expanded; content indentation wins over the tag's own.
                let margin = commonMargin(in: frame.contentStart..<max(frame.contentStart, contentEnd))
                if !margin.isEmpty {
                    nodes = BlockDedent.dedent(nodes, by: margin.count)
                    indentation = string(margin)
                }
            }
            return .block(
                BlockTag(
                    name: frame.name, nodes: nodes, standalone: frame.standalone, indentation: indentation,
                    location: frame.location))
        }
    }

    /// The leading whitespace shared by all non-blank lines in `range` (like Python's
    /// `textwrap.dedent`), counted in the raw source so nested tags' lines take part.
    func commonMargin(in range: Range<Int>) -> Range<Int> {
        var margin: Range<Int>?
        var lineStart = range.lowerBound
        while lineStart < range.upperBound {
            var index = lineStart
            while index < range.upperBound, Self.isSpaceOrTab(bytes[index]) { index += 1 }
            var lineEnd = index
            while lineEnd < range.upperBound, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let isBlank = index == lineEnd || (index + 1 == lineEnd && bytes[index] == UInt8(ascii: "\r"))
            if !isBlank {
                if let current = margin {
                    var shared = 0
                    while shared < current.count, lineStart + shared < index,
                        bytes[current.lowerBound + shared] == bytes[lineStart + shared]
                    {
                        shared += 1
                    }
                    margin = current.lowerBound..<current.lowerBound + shared
                } else {
                    margin = lineStart..<index
                }
            }
            lineStart = lineEnd + 1
        }
        return margin ?? range.lowerBound..<range.lowerBound
    }
}
