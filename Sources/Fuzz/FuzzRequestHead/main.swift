import FuzzSupport
import NIOCore
import Personalize
import Runtime

// The hand-written request-head reader (`PlainRequestHead.scan`) reads raw connection bytes
// through unsafe pointers, so the harness places the input at the very end of its allocation: a
// read past the readable bytes lands in ASan's redzone instead of in ByteBuffer's spare capacity.
// It then checks the answer against the bytes themselves and against a plain reference parser.

@_cdecl("FuzzRequestHead_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    startFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let scan = PlainRequestHead.scan(bufferEndingAtCapacity(input))
    if case .incomplete = scan {
        // A head that can never complete must not be buffered for ever (slowloris).
        check(size <= PlainRequestHead.maximumLength, "incomplete after \(size) bytes")
    }
    guard case .plain(let head, let length) = scan else { return 0 }
    checkPlain(head, length: length, input: input)
    // The answer depends on the head alone: the bytes after it (a pipelined request) change nothing.
    guard
        case .plain(let again, let againLength) = PlainRequestHead.scan(bufferEndingAtCapacity(Array(input[..<length])))
    else {
        fail("the head alone is not plain")
    }
    check(againLength == length && again.uri == head.uri && again.isHead == head.isHead, "head alone reads differently")
    check(again.isKeepAlive == head.isKeepAlive && again.fields == head.fields, "head alone reads differently")
    return 0
}

private func checkPlain(_ head: PlainRequestHead, length: Int, input: [UInt8]) {
    check(length >= 4 && length <= input.count && length <= PlainRequestHead.maximumLength, "length \(length)")
    check(input[(length - 4)..<length].elementsEqual("\r\n\r\n".utf8), "head does not end in a blank line")
    let methodWord = head.isHead ? "HEAD " : "GET "
    check(input.starts(with: methodWord.utf8), "method is not what the bytes say")
    // The target is the bytes after the method, up to the space before the version.
    let targetStart = methodWord.utf8.count
    let target = Array(head.uri.utf8)
    check(target.first == UInt8(ascii: "/"), "target does not start with /")
    check(input[targetStart...].starts(with: target), "target is not the bytes sent")
    check(target.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }, "target has invisible bytes")
    let version = targetStart + target.count
    check(input[version...].starts(with: " HTTP/1.".utf8), "no version after the target")
    check(input[version + 8] == UInt8(ascii: head.isHTTP10 ? "0" : "1"), "version is not what the bytes say")
    // `fields` are exactly the field lines: from after the request line to before the blank line.
    let fieldsStart = version + 11
    let fields = head.fields.readableBytesView
    check(input[fieldsStart..<(length - 2)].elementsEqual(fields), "fields are not the bytes between the lines")

    let reference = referenceFields(Array(fields))
    check(reference.allSatisfy { !$0.name.isEmpty }, "a field without a name")
    let hosts = reference.filter { $0.name == "host" }.count
    check(hosts == 1 || (hosts == 0 && head.isHTTP10), "\(hosts) Host fields accepted")
    check(
        !reference.contains { $0.name == "transfer-encoding" || $0.name == "upgrade" },
        "a body or an upgrade taken as plain")
    check(
        reference.allSatisfy { $0.name != "content-length" || $0.value == "0" }, "a body taken as plain")
    // Each known header's values, through the reader's own lookup, are the reference's.
    for (header, name) in knownHeaders {
        var values: [String] = []
        head.forEachValue(of: header) { value in
            values.append(value)
            return true
        }
        let expected = reference.filter { $0.name == name }.map(\.value)
        check(values == expected, "\(name): \(values) instead of \(expected)")
    }
    // Connection options (RFC 9112 §9.3): close wins; HTTP/1.0 needs keep-alive.
    let options = reference.filter { $0.name == "connection" }
        .flatMap { $0.value.split(separator: ",").map { String($0).trimmingBlanks().lowercased() } }
    let keepAlive = !options.contains("close") && (!head.isHTTP10 || options.contains("keep-alive"))
    check(head.isKeepAlive == keepAlive, "keep-alive \(head.isKeepAlive), options \(options)")
    // The extractor's view is a subsequence of the fields, in order.
    let listed = head.fieldList(readBy: extractor)
    var remaining = reference[...]
    for field in listed {
        guard let at = remaining.firstIndex(where: { $0.name == field.name.lowercased() && $0.value == field.value })
        else { fail("fieldList gave \(field), not a field of the head in order") }
        remaining = reference[(at + 1)...]
    }
}

/// Field lines split the obvious way: name up to the first colon (lowercased), value trimmed of
/// spaces and tabs.
private func referenceFields(_ bytes: [UInt8]) -> [(name: String, value: String)] {
    var result: [(name: String, value: String)] = []
    var lineStart = 0
    var i = 0
    while i < bytes.count {
        guard bytes[i] == UInt8(ascii: "\r") else {
            i += 1
            continue
        }
        check(i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n"), "a CR without LF in the fields")
        let line = String(decoding: bytes[lineStart..<i], as: UTF8.self)
        guard let colon = line.firstIndex(of: ":") else { fail("field line without a colon: \(line)") }
        let value = String(line[line.index(after: colon)...]).trimmingBlanks()
        result.append((String(line[..<colon]).lowercased(), value))
        i += 2
        lineStart = i
    }
    check(lineStart == bytes.count, "field lines do not end in CRLF")
    return result
}

private var knownHeaders: [(KnownHeader, String)] {
    [
        (.cookie, "cookie"), (.acceptEncoding, "accept-encoding"), (.ifNoneMatch, "if-none-match"),
        (.forwardedProto, "x-forwarded-proto"), (.forwardedFor, "x-forwarded-for"),
    ]
}

private let extractor = ContextExtractor(extras: [ExtraFeature(name: "tier", origin: .header("X-Tier"))])

/// The input as the readable bytes of a buffer whose storage ends right after them.
private func bufferEndingAtCapacity(_ input: [UInt8]) -> ByteBuffer {
    var buffer = ByteBufferAllocator().buffer(capacity: max(input.count, 1))
    let padding = buffer.capacity - input.count
    buffer.writeRepeatingByte(0, count: padding)
    buffer.moveReaderIndex(forwardBy: padding)
    buffer.writeBytes(input)
    return buffer
}

extension String {
    fileprivate func trimmingBlanks() -> String {
        let blanks: Set<Character> = [" ", "\t"]
        var slice = self[...]
        while let first = slice.first, blanks.contains(first) { slice.removeFirst() }
        while let last = slice.last, blanks.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
