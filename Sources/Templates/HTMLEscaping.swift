extension String {
    /// Appends `text` with the five HTML-significant characters replaced by entities.
    ///
    /// Works on UTF-8 bytes and copies unchanged runs whole, because most interpolated text has
    /// nothing to escape and this runs for every `{{name}}`.
    mutating func appendHTMLEscaped(_ text: String) {
        let bytes = text.utf8
        var runStart = bytes.startIndex
        var index = runStart
        while index != bytes.endIndex {
            let entity: String
            switch bytes[index] {
            case UInt8(ascii: "&"): entity = "&amp;"
            case UInt8(ascii: "<"): entity = "&lt;"
            case UInt8(ascii: ">"): entity = "&gt;"
            case UInt8(ascii: "\""): entity = "&quot;"
            case UInt8(ascii: "'"): entity = "&#39;"
            default:
                bytes.formIndex(after: &index)
                continue
            }
            if runStart != index { append(contentsOf: text[runStart..<index]) }
            append(entity)
            bytes.formIndex(after: &index)
            runStart = index
        }
        if runStart == bytes.startIndex {
            append(text)
        } else if runStart != bytes.endIndex {
            append(contentsOf: text[runStart..<bytes.endIndex])
        }
    }
}
