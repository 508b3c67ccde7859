/// The few query parameters the runtime reads, found by one scan of the raw query without
/// building a dictionary (page requests stay allocation-light).
package struct QueryString {
    package let raw: Substring

    package init(_ raw: String?) {
        self.raw = raw.map { $0[...] } ?? ""
    }

    /// The decoded value of the first `name=` pair, nil when absent or malformed.
    package func value(_ name: String) -> String? {
        guard !raw.isEmpty else { return nil }
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            guard let equals = pair.firstIndex(of: "=") else {
                if pair == name { return "" }
                continue
            }
            if pair[..<equals] == name {
                return PercentDecoding.decode(pair[pair.index(after: equals)...], plusIsSpace: true)
            }
        }
        return nil
    }

    /// Every pair decoded, for the context extractor (which may read `src` and others).
    package var pairs: [String: String] {
        var result: [String: String] = [:]
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: "=") ?? pair.endIndex
            guard let key = PercentDecoding.decode(pair[..<equals], plusIsSpace: true) else { continue }
            let value =
                equals == pair.endIndex
                ? "" : PercentDecoding.decode(pair[pair.index(after: equals)...], plusIsSpace: true)
            if let value, result[key] == nil { result[key] = value }
        }
        return result
    }
}
