import DistFormat

/// The two request headers that pick a representation, read without allocating.
enum ContentNegotiation {
    /// True when `Accept-Encoding` accepts gzip: a `gzip` entry with a non-zero q, or else a `*`
    /// entry with one. An explicit `gzip;q=0` refuses it whatever `*` says (RFC 9110 §12.5.3).
    static func acceptsGzip(_ headers: some RequestHeaders) -> Bool {
        var gzip: Bool?
        var any: Bool?
        headers.forEachValue(of: .acceptEncoding) { value in
            // Walked in place: every page request reads this header, and splitting it into
            // arrays of pieces cost more than the rest of answering a returning visitor.
            var rest = value[...]
            while !rest.isEmpty {
                let comma = rest.utf8.firstIndex(of: UInt8(ascii: ",")) ?? rest.endIndex
                let item = rest[..<comma]
                rest = comma == rest.endIndex ? rest[comma...] : rest[rest.utf8.index(after: comma)...]
                let semicolon = item.utf8.firstIndex(of: UInt8(ascii: ";"))
                let coding = item[..<(semicolon ?? item.endIndex)].trimmingSpaces
                let accepted = semicolon.map { item[item.utf8.index(after: $0)...].trimmingSpaces.qValue != 0 } ?? true
                if coding.caseInsensitiveEquals("gzip") {
                    gzip = accepted
                } else if coding.utf8.elementsEqual("*".utf8) {
                    any = accepted
                }
            }
            return true
        }
        return gzip ?? any ?? false
    }

    /// True when `If-None-Match`, in any of its field lines, names one of these validators (weak
    /// comparison, as RFC 9110 asks for it). One pass, however many validators are asked about.
    static func notModified(_ headers: some RequestHeaders, etags: String...) -> Bool {
        var matched = false
        headers.forEachValue(of: .ifNoneMatch) { header in
            for candidate in header.split(separator: ",") {
                var tag = candidate.trimmingSpaces
                if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
                if tag == "*" || etags.contains(where: { tag == $0[...] }) {
                    matched = true
                    return false
                }
            }
            return true
        }
        return matched
    }
}

extension Substring {
    /// Without the spaces and tabs at either end, found as bytes (header values are read on
    /// every request).
    var trimmingSpaces: Substring {
        func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
            let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return self[endIndex...] }
        return self[first..<bytes.index(after: last)]
    }

    func caseInsensitiveEquals(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return zip(utf8, other.utf8).allSatisfy { a, b in a | 0x20 == b | 0x20 }
    }

    /// `q=0.5` → 0.5; nil when it is not a q parameter.
    var qValue: Double? {
        guard hasPrefix("q=") || hasPrefix("Q=") else { return nil }
        return Double(dropFirst(2))
    }
}
