import HTTPTypes

/// The two request headers that pick a representation, read without allocating.
enum ContentNegotiation {
    /// True when `Accept-Encoding` lists `gzip` (or `*`) with a non-zero q.
    static func acceptsGzip(_ headers: HTTPFields) -> Bool {
        for value in headers[values: .acceptEncoding] {
            for item in value.split(separator: ",") {
                let parts = item.split(separator: ";", maxSplits: 1)
                guard let coding = parts.first?.trimmingSpaces else { continue }
                guard coding.caseInsensitiveEquals("gzip") || coding == "*" else { continue }
                if parts.count == 2, let q = parts[1].trimmingSpaces.qValue, q == 0 { return false }
                return true
            }
        }
        return false
    }

    /// True when `If-None-Match` names this validator (weak comparison, as RFC 9110 asks for it).
    static func notModified(_ headers: HTTPFields, etag: String) -> Bool {
        guard let header = headers[.ifNoneMatch] else { return false }
        for candidate in header.split(separator: ",") {
            var tag = candidate.trimmingSpaces
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
            if tag == etag[...] { return true }
        }
        return false
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
