/// The preferred language of an `Accept-Language` header: the primary subtag (2–3 letters,
/// lowercase) of the entry with the highest q-value, earliest on ties.
///
/// `*`, q=0 and malformed entries are skipped; only the first `byteLimit` bytes are read.
enum AcceptLanguage {
    static let byteLimit = 512

    static func preferred(_ header: String) -> String? {
        var header = header
        return header.withUTF8 { all -> String? in
            let bytes = UnsafeBufferPointer(rebasing: all.prefix(byteLimit))
            var best: (start: Int, length: Int, q: Int)? = nil
            var entryStart = 0
            while entryStart <= bytes.count {
                var entryEnd = entryStart
                while entryEnd < bytes.count, bytes[entryEnd] != UInt8(ascii: ",") { entryEnd += 1 }
                if let entry = parseEntry(bytes, entryStart, entryEnd), entry.q > (best?.q ?? 0) {
                    best = entry
                }
                entryStart = entryEnd + 1
            }
            guard let best else { return nil }
            return ASCII.lowercasedString(
                UnsafeBufferPointer(rebasing: bytes[best.start..<(best.start + best.length)]))
        }
    }

    /// One `tag[-sub…][;q=v]` entry: where its primary subtag is and its weight in thousandths.
    private static func parseEntry(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
        -> (start: Int, length: Int, q: Int)?
    {
        var i = start
        while i < end, isSpace(b[i]) { i += 1 }
        let tagStart = i
        while i < end, ASCII.isLetter(b[i]) { i += 1 }
        let length = i - tagStart
        guard length == 2 || length == 3 else { return nil }
        // The rest of the tag: subtags of letters and digits after '-' (or '_', seen in the wild).
        while i < end,
            ASCII.isLetter(b[i]) || ASCII.isDigit(b[i]) || b[i] == UInt8(ascii: "-")
                || b[i] == UInt8(ascii: "_")
        {
            i += 1
        }
        while i < end, isSpace(b[i]) { i += 1 }
        if i == end { return (tagStart, length, 1000) }
        guard b[i] == UInt8(ascii: ";") else { return nil }
        i += 1
        while i < end, isSpace(b[i]) { i += 1 }
        guard i + 1 < end, b[i] | 0x20 == UInt8(ascii: "q"), b[i + 1] == UInt8(ascii: "=") else {
            return nil
        }
        i += 2
        guard let q = parseQ(b, &i, end) else { return nil }
        while i < end, isSpace(b[i]) { i += 1 }
        guard i == end else { return nil }
        return (tagStart, length, q)
    }

    /// RFC 9110 qvalue: `0[.ddd]` or `1[.000]`, in thousandths.
    private static func parseQ(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int) -> Int? {
        guard i < end, b[i] == UInt8(ascii: "0") || b[i] == UInt8(ascii: "1") else { return nil }
        let whole = Int(b[i] - UInt8(ascii: "0"))
        i += 1
        var thousandths = 0
        if i < end, b[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < end, ASCII.isDigit(b[i]), digits < 3 {
                thousandths = thousandths * 10 + Int(b[i] - UInt8(ascii: "0"))
                digits += 1
                i += 1
            }
            while digits < 3 {
                thousandths *= 10
                digits += 1
            }
        }
        let q = whole * 1000 + thousandths
        return q <= 1000 ? q : nil
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
