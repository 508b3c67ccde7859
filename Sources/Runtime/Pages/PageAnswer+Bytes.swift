import DistFormat
import NIOCore
import NIOHTTP1

extension PageAnswer {
    /// The answer as the bytes of an HTTP/1.1 response, for the plain page fast path: the head
    /// and, unless this is a 304 or the request was a HEAD, the body. The same fields, in the same
    /// order, as `parts(isHead:date:)` gives NIO's encoder, then `connection` if any.
    ///
    /// Nil when a field value would not be a valid field (CR, LF or NUL in it): NIO refuses such
    /// a head too, and nothing of it may reach the client.
    func bytes(isHead: Bool, date: String, connection: String?, allocator: ByteBufferAllocator)
        -> (head: ByteBuffer, body: ByteBuffer?)?
    {
        // The common answer, a page or asset with its bytes, from header lines made at load time.
        if case .file(let file, let gzip, false, let setCookie) = self {
            let lines = gzip ? (file.gzipHeadLines ?? file.identityHeadLines) : file.identityHeadLines
            var head = allocator.buffer(capacity: lines.readableBytes + (setCookie?.utf8.count ?? 0) + 96)
            head.writeStaticString("HTTP/1.1 200 OK\r\n")
            head.writeImmutableBuffer(lines)
            if let setCookie {
                guard Self.isFieldValue(setCookie) else { return nil }
                head.writeField("Set-Cookie", setCookie)
            }
            head.writeField("Date", date)
            if let connection { head.writeField("Connection", connection) }
            head.writeStaticString("\r\n")
            let body = gzip ? (file.gzipBody ?? file.body) : file.body
            return (head, isHead ? nil : body)
        }
        let (parts, body) = self.parts(isHead: isHead, date: date)
        var head = allocator.buffer(capacity: 256)
        head.writeString("HTTP/1.1 \(parts.status.code) \(parts.status.reasonPhrase)\r\n")
        for (name, value) in parts.headers {
            guard Self.isFieldValue(value) else { return nil }
            head.writeField(name, value)
        }
        if let connection { head.writeField("Connection", connection) }
        head.writeStaticString("\r\n")
        return (head, body)
    }

    private static func isFieldValue(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            !bytes.contains { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") || $0 == 0 }
        }
    }
}

extension ByteBuffer {
    fileprivate mutating func writeField(_ name: String, _ value: String) {
        writeString(name)
        writeStaticString(": ")
        writeString(value)
        writeStaticString("\r\n")
    }
}
