import Templates

/// Splits a Markdown file into its YAML front matter (between `---` lines at the very top) and
/// its body.
package struct FrontMatter {
    package var values: [String: TemplateValue]
    package var body: String
    /// 1-based line of the body's first line, so Markdown positions stay meaningful.
    package var bodyLine: Int

    package static func split(_ text: String, file: String) throws(BuildFailure) -> FrontMatter {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        // Lines end at "\n" or "\r\n" (a CRLF file's front matter must be found too) and are
        // walked as UTF-8 bytes: splitting the whole file into Characters cost more than parsing
        // and rendering the page.
        var lines = Lines(text)
        guard let first = lines.next(), first.isFence else {
            return FrontMatter(values: [:], body: text, bodyLine: 1)
        }
        let yamlStart = first.next
        var closing: Line?
        var count = 0
        while let line = lines.next() {
            if line.isFence {
                closing = line
                break
            }
            count += 1
        }
        guard let closing else {
            throw BuildFailure(
                Diagnostic(
                    at: SourceLocation(file: file, line: 1, column: 1),
                    "front matter opened with '---' is never closed by a '---' line"))
        }
        // The front matter ends where the line break before the closing fence begins.
        let yaml = Lines.joined(text[yamlStart..<max(yamlStart, closing.previousBreak)])
        let body = Lines.joined(text[closing.next...])
        let bodyLine = count + 3
        let node = try YAMLNode.parse(yaml, file: file, lineOffset: 1)
        guard case .object(let values) = node.plain else {
            if case .scalar(.null) = node.kind {
                return FrontMatter(values: [:], body: body, bodyLine: bodyLine)
            }
            throw BuildFailure(
                Diagnostic(at: node.location, "front matter must be a mapping of values, not \(node.kindName)"))
        }
        for reserved in Page.reservedKeys where values[reserved] != nil {
            let location = node.entries?.first { $0.key == reserved }?.keyLocation ?? node.location
            throw BuildFailure(
                Diagnostic(at: location, "'\(reserved)' is set by the build and cannot be given in front matter"))
        }
        try checkTypes(of: node)
        return FrontMatter(values: values, body: body, bodyLine: bodyLine)
    }

    /// Keys the build itself reads: of another type they would quietly mean weight 0 or "not a
    /// draft", and a page meant to stay hidden would be published.
    private static func checkTypes(of node: YAMLNode) throws(BuildFailure) {
        if let weight = node["weight"] {
            switch weight.scalar {
            case .int?, .double?: break
            default:
                throw BuildFailure(
                    Diagnostic(at: weight.location, "'weight' must be a number, not \(weight.kindName)"))
            }
        }
        if let draft = node["draft"] {
            guard case .bool? = draft.scalar else {
                throw BuildFailure(
                    Diagnostic(at: draft.location, "'draft' must be true or false, not \(draft.kindName)"))
            }
        }
    }
}

/// One line of a file, without its line break.
private struct Line {
    var text: Substring
    /// Where the next line starts.
    var next: String.Index
    /// Where the previous line's break begins (the file's start for the first line).
    var previousBreak: String.Index

    /// A `---` line; trailing blanks are invisible in editors, so they are allowed (as Hugo does).
    var isFence: Bool {
        var bytes = text.utf8[...]
        while let last = bytes.last,
            last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") || last == UInt8(ascii: "\r")
        {
            bytes.removeLast()
        }
        return bytes.elementsEqual("---".utf8)
    }
}

/// The lines of a text, split where Swift's Characters would split them: at "\n" and "\r\n",
/// not at a lone "\r".
private struct Lines {
    private let text: String
    private var position: String.Index
    private var previousBreak: String.Index

    init(_ text: String) {
        self.text = text
        position = text.utf8.startIndex
        previousBreak = text.utf8.startIndex
    }

    mutating func next() -> Line? {
        let utf8 = text.utf8
        guard position < utf8.endIndex else { return nil }
        let start = position
        let newline = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
        var end = newline
        if newline < utf8.endIndex, newline > start, utf8[utf8.index(before: newline)] == UInt8(ascii: "\r") {
            end = utf8.index(before: newline)
        }
        let next = newline < utf8.endIndex ? utf8.index(after: newline) : utf8.endIndex
        let line = Line(text: text[start..<end], next: next, previousBreak: previousBreak)
        previousBreak = end
        position = next
        return line
    }

    /// The text with "\r\n" written as "\n", as joining its lines with "\n" would give.
    static func joined(_ text: Substring) -> String {
        guard text.utf8.contains(UInt8(ascii: "\r")) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        var pending: UInt8?
        while let byte = iterator.next() {
            if let carriage = pending {
                if byte != UInt8(ascii: "\n") { bytes.append(carriage) }
                pending = nil
            }
            if byte == UInt8(ascii: "\r") { pending = byte } else { bytes.append(byte) }
        }
        if let carriage = pending { bytes.append(carriage) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
