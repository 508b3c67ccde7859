import HTTPTypes
import Hummingbird
import NIOHTTP1

/// The request headers the runtime reads, whichever parser produced them: Hummingbird's
/// `HTTPFields` on the routed path, NIO's `HTTPHeaders` on the page fast path. One set of page
/// rules then serves both.
protocol RequestHeaders {
    /// Calls `body` with each value of `header`, in order, until it returns false.
    func forEachValue(of header: KnownHeader, _ body: (String) -> Bool)
    /// Every field with its name as sent, for the context extractor (which matches names itself).
    var fieldList: [(name: String, value: String)] { get }
}

/// The few headers read by name on every page request.
enum KnownHeader {
    case cookie, acceptEncoding, ifNoneMatch, forwardedProto, forwardedFor

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
    func forEachValue(of header: KnownHeader, _ body: (String) -> Bool) {
        let wanted = header.lowercased
        for field in self where field.name.canonicalName == wanted {
            if !body(field.value) { return }
        }
    }

    var fieldList: [(name: String, value: String)] {
        map { (name: $0.name.canonicalName, value: $0.value) }
    }
}

extension HTTPHeaders: RequestHeaders {
    func forEachValue(of header: KnownHeader, _ body: (String) -> Bool) {
        let wanted = header.lowercased.utf8
        for (name, value) in self where name.utf8.count == wanted.count {
            let matches = zip(name.utf8, wanted).allSatisfy { $0 | 0x20 == $1 | 0x20 }
            if matches, !body(value) { return }
        }
    }

    var fieldList: [(name: String, value: String)] {
        map { (name: $0.name, value: $0.value) }
    }
}

/// A Hummingbird request's headers as the fast path sees the same request: converting to
/// HTTPTypes moves `Host` into the request's authority, so it is put back for the context
/// extractor (a site may read it as an extra feature).
struct RoutedRequestHeaders: RequestHeaders {
    let fields: HTTPFields
    let authority: String?

    func forEachValue(of header: KnownHeader, _ body: (String) -> Bool) {
        fields.forEachValue(of: header, body)
    }

    var fieldList: [(name: String, value: String)] {
        var list = fields.fieldList
        if let authority { list.insert((name: "host", value: authority), at: 0) }
        return list
    }
}

extension Request {
    var routedHeaders: RoutedRequestHeaders { RoutedRequestHeaders(fields: headers, authority: head.authority) }
}
