import Templates

/// Where a value seen in rendered HTML was written, when it was written literally: the page's
/// Markdown first (links in the text), then the template files.
enum SourcePosition {
    /// The attribute's value as written: `attr="value"` in a template first (a bare value could
    /// match unrelated text), then a Markdown link's `(value)`, then the bare value.
    static func find(_ reference: HTMLReference, in files: [SourceFile]) -> SourceLocation? {
        for quote in ["\"", "'"] {
            let written = "\(reference.attribute)=\(quote)\(reference.value)\(quote)"
            if var location = find(written, in: files) {
                location.column += reference.attribute.count + 2
                return location
            }
        }
        // A Markdown link or image: `](value)`, `<value>`.
        for (open, close) in [("(", ")"), ("<", ">")] {
            if var location = find(open + reference.value + close, in: files) {
                location.column += 1
                return location
            }
        }
        return find(reference.value, in: files)
    }

    static func find(_ needle: String, in files: [SourceFile]) -> SourceLocation? {
        guard !needle.isEmpty else { return nil }
        for file in files {
            let text = file.text
            guard let range = text.range(of: needle) else { continue }
            var line = 1
            var column = 1
            for character in text[..<range.lowerBound] {
                // "\r\n" is one Character: CRLF files count their lines too.
                if character == "\n" || character == "\r\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
            return SourceLocation(file: file.displayPath, line: line, column: column)
        }
        return nil
    }
}
