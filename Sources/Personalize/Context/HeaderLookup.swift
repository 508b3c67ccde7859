/// The headers `ContextExtractor` reads, found in one pass over a request's header list.
///
/// Names are matched as bytes against names prepared once; the result holds positions in the
/// request's list, so the common case (no header extras) allocates nothing.
struct HeaderLookup: Sendable {
    enum Role: Sendable {
        case userAgent, mobileHint, platformHint, acceptLanguage
        /// A trusted country header; a lower rank is more trusted.
        case country(rank: Int)
        /// The header an extra feature reads, by its index in the extractor's `extras`.
        case extra(index: Int)
    }

    private let wanted: [(name: HeaderName, role: Role)]
    private let extraCount: Int

    init(countryHeaders: [String], extraHeaders: [(index: Int, name: String)], extraCount: Int) {
        var wanted: [(name: HeaderName, role: Role)] = [
            (HeaderName("User-Agent"), .userAgent),
            (HeaderName("Sec-CH-UA-Mobile"), .mobileHint),
            (HeaderName("Sec-CH-UA-Platform"), .platformHint),
            (HeaderName("Accept-Language"), .acceptLanguage),
        ]
        for (rank, name) in countryHeaders.enumerated() {
            wanted.append((HeaderName(name), .country(rank: rank)))
        }
        for (index, name) in extraHeaders {
            wanted.append((HeaderName(name), .extra(index: index)))
        }
        self.wanted = wanted
        self.extraCount = extraCount
    }

    /// Whether a field of this name (as sent, any case) is one the extractor reads.
    func reads(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        wanted.contains { $0.name.matches(name) }
    }

    /// Positions in the request's header list; -1 when absent. The first occurrence of a name wins.
    struct Found {
        var userAgent = -1
        var mobileHint = -1
        var platformHint = -1
        var acceptLanguage = -1
        /// The most trusted country header present (lowest rank), whatever its value.
        var country = -1
        var countryRank = Int.max
        /// Per extra feature; empty unless some extra reads a header.
        var extras: [Int] = []
    }

    func find(in headers: [(name: String, value: String)]) -> Found {
        var found = Found()
        if extraCount > 0 { found.extras = Array(repeating: -1, count: extraCount) }
        for position in headers.indices {
            var name = headers[position].name
            name.withUTF8 { bytes in
                for entry in wanted where entry.name.matches(bytes) {
                    switch entry.role {
                    case .userAgent: if found.userAgent < 0 { found.userAgent = position }
                    case .mobileHint: if found.mobileHint < 0 { found.mobileHint = position }
                    case .platformHint: if found.platformHint < 0 { found.platformHint = position }
                    case .acceptLanguage:
                        if found.acceptLanguage < 0 { found.acceptLanguage = position }
                    case .country(let rank):
                        if rank < found.countryRank {
                            found.country = position
                            found.countryRank = rank
                        }
                    case .extra(let index):
                        if found.extras[index] < 0 { found.extras[index] = position }
                    }
                }
            }
        }
        return found
    }
}
