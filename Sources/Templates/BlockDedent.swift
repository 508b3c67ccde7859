/// Removes a standalone block's shared margin from its content at parse time.
///
/// The spec says block indentation is removed where a block is written and added where it is
/// expanded. Lines are stripped after their line-start markers; nested indentations (standalone
/// partials, parents and blocks) become relative to the block, as if the text had been dedented
/// before parsing.
enum BlockDedent {
    static func dedent(_ nodes: [TemplateNode], by count: Int) -> [TemplateNode] {
        var result = nodes
        var index = 0
        while index < result.count {
            switch result[index] {
            case .lineStart:
                if index + 1 < result.count, case .text(let text) = result[index + 1] {
                    result[index + 1] = .text(stripMargin(text, count))
                }
            case .section(let section):
                result[index] = .section(
                    SectionTag(
                        name: section.name, inverted: section.inverted,
                        nodes: dedent(section.nodes, by: count),
                        source: section.source, location: section.location))
            case .block(let block):
                result[index] = .block(dedent(block, by: count))
            case .partial(let partial):
                result[index] = .partial(
                    PartialTag(
                        name: partial.name, indentation: partial.indentation.map { dropMargin($0, count) },
                        source: partial.source, location: partial.location))
            case .parent(let parent):
                result[index] = .parent(
                    ParentTag(
                        name: parent.name, indentation: parent.indentation.map { dropMargin($0, count) },
                        arguments: parent.arguments.mapValues { dedent($0, by: count) },
                        source: parent.source, location: parent.location))
            case .text, .variable:
                break
            }
            index += 1
        }
        return result
    }

    /// A standalone block was already dedented by its own (larger) margin; only its expansion
    /// indentation becomes relative. Inline blocks are plain content of the enclosing block.
    private static func dedent(_ block: BlockTag, by count: Int) -> BlockTag {
        BlockTag(
            name: block.name,
            nodes: block.standalone ? block.nodes : dedent(block.nodes, by: count),
            standalone: block.standalone,
            indentation: block.standalone ? dropMargin(block.indentation, count) : block.indentation,
            location: block.location)
    }

    /// Drops up to `count` leading spaces or tabs.
    private static func stripMargin(_ text: String, _ count: Int) -> String {
        var utf8 = Substring(text).utf8
        var dropped = 0
        while dropped < count, let first = utf8.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            utf8 = utf8.dropFirst()
            dropped += 1
        }
        return dropped == 0 ? text : String(Substring(utf8))
    }

    private static func dropMargin(_ indentation: String, _ count: Int) -> String {
        stripMargin(indentation, count)
    }
}
