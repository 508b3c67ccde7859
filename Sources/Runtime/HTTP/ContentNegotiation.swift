/// The two request headers that pick a representation, read without allocating.
enum ContentNegotiation {
    /// True when `Accept-Encoding` accepts gzip: a `gzip` entry with a non-zero q, or else a `*`
    /// entry with one. An explicit `gzip;q=0` refuses it whatever `*` says (RFC 9110 §12.5.3).
    static func acceptsGzip(_ headers: some RequestHeaders) -> Bool {
        var gzip: Bool?
        var any: Bool?
        headers.forEachValue(of: .acceptEncoding) { value in
            for item in value.split(separator: ",") {
                let parts = item.split(separator: ";", maxSplits: 1)
                guard let coding = parts.first?.trimmingSpaces else { continue }
                let accepted = !(parts.count == 2 && parts[1].trimmingSpaces.qValue == 0)
                if coding.caseInsensitiveEquals("gzip") {
                    gzip = accepted
                } else if coding == "*" {
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
    var trimmingSpaces: Substring {
        var s = self
        while let first = s.first, first == " " || first == "\t" { s = s.dropFirst() }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return s
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
