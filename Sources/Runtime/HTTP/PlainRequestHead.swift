import NIOCore
import Personalize

/// A request head read straight from the connection's bytes, when it is the plain kind every QR
/// scan and page view sends: `GET` or `HEAD`, an origin-form target, HTTP/1.0 or 1.1, token field
/// names, printable ASCII values, one valid `Host` (none only in HTTP/1.0), no body. Anything else is `notPlain` and goes to NIO's full HTTP
/// parser: this reader never has to decide what an odd request means, only to recognise the
/// common one, so a request it refuses is still answered, by the general stack.
///
/// Why: NIO's parser builds an `HTTPRequestHead` with a String per field and the encoder a
/// response head per answer; for a page answered from memory that was most of the user-space
/// time per request (see docs/architecture.md, "How a request is served").
package struct PlainRequestHead {
    package var isHead: Bool
    /// The request target as sent, starting with `/`.
    package var uri: String
    package var isHTTP10: Bool
    package var isKeepAlive: Bool
    /// The field lines, each ending in CRLF, without the request line and the blank line.
    package var fields: ByteBuffer
    /// Which `KnownHeader`s have a field line (their `bit`s), noted while parsing: most are absent
    /// from most requests, and a lookup of one then skips the walk over the fields.
    package var knownPresent: UInt8 = 0

    package enum Scan {
        /// More bytes are needed before anything can be said.
        case incomplete
        /// Not a plain request (or not a request at all): NIO's parser must read it.
        case notPlain
        /// A line of the head ends in a bare LF. RFC 9112 §2.2 lets a recipient accept it, but
        /// NIO's parser refuses it after a request handed to it (505 in the request line, 400
        /// elsewhere), so rather than answer the same bytes differently by tier, both refuse
        /// them: 400 (docs/api.md, "Limits"). A proxy that splits lines differently from the
        /// server behind it is how requests are smuggled, too.
        case bareLineFeed
        /// A plain head of `length` bytes, blank line included.
        case plain(PlainRequestHead, length: Int)
    }

    /// A longer head is left to NIO's parser, which applies the server's header limits.
    package static let maximumLength = 8192
    static let maximumFields = 64

    /// Reads the head at the start of `buffer`'s readable bytes.
    package static func scan(_ buffer: ByteBuffer) -> Scan {
        buffer.withUnsafeReadableBytes { bytes in
            guard let method = Self.method(bytes) else {
                // Other methods go to NIO's parser, but a request line ending in a bare LF is
                // refused here too, so that it gets the same answer whatever its method.
                return firstLineEndsBare(bytes) ? .bareLineFeed : .notPlain
            }
            guard let end = Self.endOfHead(bytes) else {
                // Bare LF line ends would never complete a head here.
                if hasBareLineFeed(bytes) { return .bareLineFeed }
                return bytes.count > maximumLength ? .notPlain : .incomplete
            }
            guard method != .undecided, let head = parse(bytes, headLength: end, buffer: buffer) else {
                // The blank line found may be a later request's, after bare LF line ends.
                return hasBareLineFeed(UnsafeRawBufferPointer(rebasing: bytes[..<end])) ? .bareLineFeed : .notPlain
            }
            return .plain(head, length: end)
        }
    }

    private enum Method { case get, head, undecided }

    private static let getWord = Array("GET ".utf8)
    private static let headWord = Array("HEAD ".utf8)

    /// `GET ` or `HEAD `; nil for anything else. A start that could still become one of them is
    /// `.undecided` (wait for more bytes).
    private static func method(_ bytes: UnsafeRawBufferPointer) -> Method? {
        match(bytes, getWord, .get) ?? match(bytes, headWord, .head)
    }

    private static func match(_ bytes: UnsafeRawBufferPointer, _ word: [UInt8], _ method: Method) -> Method? {
        let shared = min(bytes.count, word.count)
        guard bytes.prefix(shared).elementsEqual(word.prefix(shared)) else { return nil }
        return shared == word.count ? method : .undecided
    }

    private static func firstLineEndsBare(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let end = bytes.prefix(maximumLength).firstIndex(of: UInt8(ascii: "\n")) else { return false }
        return end == 0 || bytes[end - 1] != UInt8(ascii: "\r")
    }

    private static func hasBareLineFeed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.indices.contains { bytes[$0] == UInt8(ascii: "\n") && ($0 == 0 || bytes[$0 - 1] != UInt8(ascii: "\r")) }
    }

    /// The length of the head up to and including the blank line, if it is all here.
    private static func endOfHead(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let limit = min(bytes.count, maximumLength)
        guard limit >= 4 else { return nil }
        var i = 3
        while i < limit {
            // Step by the last byte of "\r\n\r\n": anything but \n or \r moves four ahead.
            switch bytes[i] {
            case UInt8(ascii: "\n"):
                if bytes[i - 1] == UInt8(ascii: "\r"), bytes[i - 2] == UInt8(ascii: "\n"),
                    bytes[i - 3] == UInt8(ascii: "\r")
                {
                    return i + 1
                }
                i += 2
            case UInt8(ascii: "\r"):
                i += 1
            default:
                i += 4
            }
        }
        return nil
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer, headLength: Int, buffer: ByteBuffer)
        -> PlainRequestHead?
    {
        var i = bytes[0] == UInt8(ascii: "G") ? 4 : 5
        let targetStart = i
        while i < headLength, bytes[i] != UInt8(ascii: " ") {
            guard bytes[i].isVisibleASCII else { return nil }
            i += 1
        }
        guard i > targetStart, bytes[targetStart] == UInt8(ascii: "/") else { return nil }
        let target = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[targetStart..<i]), as: UTF8.self)
        // " HTTP/1.x\r\n"
        guard i + 11 <= headLength,
            zip(bytes[i..<(i + 8)], " HTTP/1.".utf8).allSatisfy({ $0 == $1 }),
            bytes[i + 8] == UInt8(ascii: "0") || bytes[i + 8] == UInt8(ascii: "1"),
            bytes[i + 9] == UInt8(ascii: "\r"), bytes[i + 10] == UInt8(ascii: "\n")
        else { return nil }
        let isHTTP10 = bytes[i + 8] == UInt8(ascii: "0")
        i += 11
        let fieldsStart = i
        var connection = ConnectionTokens()
        var knownPresent: UInt8 = 0
        var count = 0
        var hosts = 0
        // Each field line: token ":" printable value CRLF, up to the blank line.
        while i < headLength - 2 {
            count += 1
            guard count <= maximumFields else { return nil }
            let nameStart = i
            while i < headLength, bytes[i].isTokenCharacter { i += 1 }
            guard i > nameStart, i < headLength, bytes[i] == UInt8(ascii: ":") else { return nil }
            let name = UnsafeRawBufferPointer(rebasing: bytes[nameStart..<i])
            i += 1
            let valueStart = i
            while i < headLength, bytes[i] != UInt8(ascii: "\r") {
                guard bytes[i].isVisibleASCII || bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") else {
                    return nil
                }
                i += 1
            }
            guard i + 1 < headLength, bytes[i + 1] == UInt8(ascii: "\n") else { return nil }
            let value = UnsafeRawBufferPointer(rebasing: bytes[valueStart..<i]).trimmingWhitespace
            i += 2
            // A body, or a protocol switch, is NIO's to frame.
            if name.caseInsensitiveEquals("transfer-encoding") || name.caseInsensitiveEquals("upgrade") {
                return nil
            }
            if name.caseInsensitiveEquals("content-length"), !(value.count == 1 && value[0] == UInt8(ascii: "0")) {
                return nil
            }
            if name.caseInsensitiveEquals("connection") { connection.read(value) }
            // A request RFC 9112 §3.2 refuses is the general stack's to refuse.
            if HostField.isHost(name) {
                hosts += 1
                guard hosts == 1, HostField.isValid(value) else { return nil }
            }
            for known in KnownHeader.allCases where name.caseInsensitiveEquals(known.lowercased) {
                knownPresent |= known.bit
            }
        }
        guard i == headLength - 2, hosts == 1 || isHTTP10 else { return nil }
        let isKeepAlive = !connection.close && (!isHTTP10 || connection.keepAlive)
        return PlainRequestHead(
            isHead: bytes[0] == UInt8(ascii: "H"), uri: target, isHTTP10: isHTTP10, isKeepAlive: isKeepAlive,
            fields: buffer.getSlice(at: buffer.readerIndex + fieldsStart, length: i - fieldsStart) ?? ByteBuffer(),
            knownPresent: knownPresent)
    }

    /// The `close` and `keep-alive` options of `Connection` headers (RFC 9112 §9.3).
    private struct ConnectionTokens {
        var close = false
        var keepAlive = false

        mutating func read(_ value: UnsafeRawBufferPointer) {
            for token in value.split(separator: UInt8(ascii: ",")) {
                let option = UnsafeRawBufferPointer(rebasing: token).trimmingWhitespace
                if option.caseInsensitiveEquals("close") { close = true }
                if option.caseInsensitiveEquals("keep-alive") { keepAlive = true }
            }
        }
    }

    /// Calls `body` with each field line's name and value (value trimmed), until it returns false.
    private func forEachField(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool) {
        fields.withUnsafeReadableBytes { bytes in
            var i = 0
            while i < bytes.count {
                let nameStart = i
                while bytes[i] != UInt8(ascii: ":") { i += 1 }
                let name = UnsafeRawBufferPointer(rebasing: bytes[nameStart..<i])
                let valueStart = i + 1
                while bytes[i] != UInt8(ascii: "\r") { i += 1 }
                let value = UnsafeRawBufferPointer(rebasing: bytes[valueStart..<i]).trimmingWhitespace
                i += 2
                if !body(name, value) { return }
            }
        }
    }
}

extension PlainRequestHead: RequestHeaders {
    package func forEachValue(of header: KnownHeader, _ body: (String) -> Bool) {
        guard knownPresent & header.bit != 0 else { return }
        let wanted = header.lowercased
        forEachField { name, value in
            guard name.caseInsensitiveEquals(wanted) else { return true }
            return body(String(decoding: value, as: UTF8.self))
        }
    }

    /// Names are checked as bytes, so only the fields the extractor reads become Strings.
    package func fieldList(readBy extractor: ContextExtractor) -> [(name: String, value: String)] {
        var list: [(name: String, value: String)] = []
        forEachField { name, value in
            if extractor.readsHeader(named: name.assumingMemoryBound(to: UInt8.self)) {
                list.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
            }
            return true
        }
        return list
    }
}

extension UInt8 {
    /// VCHAR (RFC 5234): what a request target and field values are made of here.
    fileprivate var isVisibleASCII: Bool { self >= 0x21 && self <= 0x7E }

    /// tchar (RFC 9110 §5.6.2), the characters of a field name.
    fileprivate var isTokenCharacter: Bool {
        switch self {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(self)
        }
    }
}

extension UnsafeRawBufferPointer {
    fileprivate var trimmingWhitespace: UnsafeRawBufferPointer {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == UInt8(ascii: " ") || self[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, self[end - 1] == UInt8(ascii: " ") || self[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: self[start..<end])
    }

    /// Compares with a lowercase ASCII word, ignoring the case of these bytes.
    fileprivate func caseInsensitiveEquals(_ lowercase: String) -> Bool {
        guard count == lowercase.utf8.count else { return false }
        return zip(self, lowercase.utf8).allSatisfy { $0 | 0x20 == $1 }
    }
}
