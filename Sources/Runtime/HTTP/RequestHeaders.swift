import HTTPTypes
import Hummingbird
import NIOHTTP1
import Personalize

/// The request headers the runtime reads, whichever parser produced them: Hummingbird's
/// `HTTPFields` on the routed path, NIO's `HTTPHeaders` on the page fast path. One set of page
/// rules then serves both.
package protocol RequestHeaders {
    /// Calls `body` with each value of `header`, in order, until it returns false.
    func forEachValue(of header: KnownHeader, _ body: (String) -> Bool)
    /// The fields `extractor` reads, with their names as sent and in order (it matches names
    /// itself, and the first of a name wins).
    func fieldList(readBy extractor: ContextExtractor) -> [(name: String, value: String)]
}

/// The few headers read by name on every page request.
package enum KnownHeader: CaseIterable {
    case cookie, acceptEncoding, ifNoneMatch, forwardedProto, forwardedFor

    /// One bit per header, for sets of them kept in a byte (`PlainRequestHead.knownPresent`).
    var bit: UInt8 {
        switch self {
        case .cookie: 1
        case .acceptEncoding: 2
        case .ifNoneMatch: 4
        case .forwardedProto: 8
        case .forwardedFor: 16
        }
    }

    /// Lowercase: `HTTPField.Name.canonicalName` is lowercase, and NIO's names are compared
    /// case-insensitively against it.
    var lowercased: String {
        switch self {
        case .cookie: "cookie"
        case .acceptEncoding: "accept-encoding"
        case .ifNoneMatch: "if-none-match"
        case .forwardedProto: "x-forwarded-proto"
        case .forwardedFor: "x-forwarded-for"
        }
    }
}

extension RequestHeaders {
    /// The last element of a comma-separated header, across all its field lines, trimmed. For the
    /// `X-Forwarded-*` headers it is the one our own proxy appended: earlier ones may be the
    /// client's own words.
    func lastListElement(of header: KnownHeader) -> Substring? {
        var last: Substring?
        forEachValue(of: header) { value in
            last = value.split(separator: ",", omittingEmptySubsequences: false).last
            return true
        }
        return last?.trimmingSpaces
    }
}

extension HTTPFields: RequestHeaders {
    package func forEachValue(of header: KnownHeader, _ body: (String) -> Bool) {
        let wanted = header.lowercased
        for field in self where field.name.canonicalName == wanted {
            if !body(field.value) { return }
        }
    }

    package func fieldList(readBy extractor: ContextExtractor) -> [(name: String, value: String)] {
        compactMap { extractor.readsHeader(named: $0.name.canonicalName) ? ($0.name.canonicalName, $0.value) : nil }
    }
}

extension HTTPHeaders: RequestHeaders {
    package func forEachValue(of header: KnownHeader, _ body: (String) -> Bool) {
        let wanted = header.lowercased.utf8
        for (name, value) in self where name.utf8.count == wanted.count {
            let matches = zip(name.utf8, wanted).allSatisfy { $0 | 0x20 == $1 | 0x20 }
            if matches, !body(value) { return }
        }
    }

    package func fieldList(readBy extractor: ContextExtractor) -> [(name: String, value: String)] {
        compactMap { extractor.readsHeader(named: $0.name) ? ($0.name, $0.value) : nil }
    }
}

/// A Hummingbird request's headers as the fast path sees the same request: converting to
/// HTTPTypes moves `Host` into the request's authority, so it is put back for the context
/// extractor (a site may read it as an extra feature).
package struct RoutedRequestHeaders: RequestHeaders {
    let fields: HTTPFields
    let authority: String?

    package func forEachValue(of header: KnownHeader, _ body: (String) -> Bool) {
        fields.forEachValue(of: header, body)
    }

    package func fieldList(readBy extractor: ContextExtractor) -> [(name: String, value: String)] {
        var list = fields.fieldList(readBy: extractor)
        if let authority, extractor.readsHeader(named: "host") { list.insert((name: "host", value: authority), at: 0) }
        return list
    }
}

extension Request {
    package var routedHeaders: RoutedRequestHeaders { RoutedRequestHeaders(fields: headers, authority: head.authority) }
}
