import Foundation

/// What `Personalize` needs to know about one HTTP request, free of any HTTP library.
///
/// Every field is untrusted input: the extractor caps and validates whatever it reads.
package struct RequestDescription: Sendable {
    /// Header fields in arrival order; names compare case-insensitively, the first match wins.
    package var headers: [(name: String, value: String)]
    /// Decoded query parameters (one value per name).
    package var query: [String: String]
    /// When the request arrived.
    package var date: Date

    package init(
        headers: [(name: String, value: String)] = [],
        query: [String: String] = [:],
        date: Date = Date()
    ) {
        self.headers = headers
        self.query = query
        self.date = date
    }

    /// Convenience for tests and tools: a User-Agent plus any other headers.
    package init(
        userAgent: String?,
        headers: [String: String] = [:],
        query: [String: String] = [:],
        date: Date = Date()
    ) {
        var fields: [(name: String, value: String)] = []
        if let userAgent { fields.append((name: "User-Agent", value: userAgent)) }
        for key in headers.keys.sorted() {
            if let value = headers[key] { fields.append((name: key, value: value)) }
        }
        self.init(headers: fields, query: query, date: date)
    }

    /// The first header called `name` (ASCII case-insensitive), if any.
    package func header(_ name: String) -> String? {
        let needle = HeaderName(name)
        return headers.first { needle.matches($0.name) }?.value
    }
}
