import Templates

/// Where a value seen in rendered HTML was written, when it was written literally: the page's
/// Markdown first (links in the text), then the template files.
enum SourcePosition {
    static func find(_ needle: String, in files: [SourceFile]) -> SourceLocation? {
        guard !needle.isEmpty else { return nil }
        for file in files {
            let text = file.text
            guard let range = text.range(of: needle) else { continue }
            var line = 1
            var column = 1
            for character in text[..<range.lowerBound] {
                if character == "\n" {
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
