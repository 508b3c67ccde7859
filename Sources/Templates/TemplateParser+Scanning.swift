/// Byte-level helpers: the parser never iterates `Character`s.
extension TemplateParser {
    static func isSpaceOrTab(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        isSpaceOrTab(byte) || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    /// The first offset at or after `start` where `needle` occurs entirely before `end`.
    func find(_ needle: [UInt8], from start: Int, before end: Int) -> Int? {
        guard let first = needle.first, needle.count <= end else { return nil }
        var index = start
        let last = end - needle.count
        while index <= last {
            if bytes[index] == first {
                var matched = 1
                while matched < needle.count, bytes[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return index }
            }
            index += 1
        }
        return nil
    }

    func hasPrefix(_ prefix: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset + prefix.count <= bytes.count else { return false }
        for (index, byte) in prefix.enumerated() where bytes[offset + index] != byte { return false }
        return true
    }

    /// The range with surrounding whitespace removed.
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, Self.isWhitespace(bytes[lower]) { lower += 1 }
        while upper > lower, Self.isWhitespace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    func containsWhitespace(_ range: Range<Int>) -> Bool {
        bytes[range].contains(where: Self.isWhitespace)
    }

    /// Where the whitespace before a tag begins, if nothing but whitespace precedes the tag on
    /// its line (nothing already turned into nodes, no other tag).
    func standalonePrefixStart(before tagStart: Int) -> Int? {
        var index = tagStart
        while index > textStart, Self.isSpaceOrTab(bytes[index - 1]) { index -= 1 }
        if index == textStart {
            return index == 0 || bytes[index - 1] == UInt8(ascii: "\n") ? index : nil
        }
        return bytes[index - 1] == UInt8(ascii: "\n") ? index : nil
    }

    /// The offset just past the line end if only whitespace follows `offset` on its line.
    func standaloneLineEnd(after offset: Int) -> Int? {
        var index = offset
        while index < bytes.count, Self.isSpaceOrTab(bytes[index]) { index += 1 }
        if index == bytes.count { return index }
        if bytes[index] == UInt8(ascii: "\n") { return index + 1 }
        if bytes[index] == UInt8(ascii: "\r"), index + 1 < bytes.count,
            bytes[index + 1] == UInt8(ascii: "\n")
        {
            return index + 2
        }
        return nil
    }

    /// Whether the line starting at `offset` holds only whitespace (such lines get no indentation).
    func lineIsBlank(at offset: Int) -> Bool {
        var index = offset
        while index < bytes.count, Self.isSpaceOrTab(bytes[index]) { index += 1 }
        return index == bytes.count || bytes[index] == UInt8(ascii: "\n")
            || bytes[index] == UInt8(ascii: "\r")
    }

    /// A quick look at the tag starting exactly at `offset`, used to recognise tag pairs such as
    /// `{{$block}}{{/block}}` that count as one standalone unit.
    func peekTag(at offset: Int) -> (sigil: UInt8, name: String, end: Int)? {
        guard hasPrefix(openDelimiter, at: offset) else { return nil }
        let sigilOffset = offset + openDelimiter.count
        guard sigilOffset < bytes.count, let close = find(closeDelimiter, from: sigilOffset + 1, before: bytes.count)
        else { return nil }
        return (bytes[sigilOffset], string(trimmed(sigilOffset + 1..<close)), close + closeDelimiter.count)
    }
}
