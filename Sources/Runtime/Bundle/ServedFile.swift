import HTTPTypes
import NIOCore
import NIOHTTP1

/// One file held in memory with everything a response needs precomputed, so that serving it is a
/// dictionary lookup plus handing NIO a buffer it already owns. A class: an answer carries it by
/// one reference instead of copying (and retaining) a dozen fields per request.
public final class ServedFile: Sendable {
    public let path: String
    public let contentType: String
    public let body: ByteBuffer
    /// The gzip copy, when the build wrote one (or the loader made one) and it is smaller.
    public let gzipBody: ByteBuffer?
    /// Strong validator of the identity bytes; the gzip copy gets its own (`…-gz`) because it is a
    /// different representation.
    public let etag: String
    public let gzipETag: String
    /// Header sets for the two representations, built once at load time.
    public let identityHeaders: HTTPFields
    public let gzipHeaders: HTTPFields?
    /// The same two header sets as NIO writes them on the page fast path, with Content-Length.
    let identityHead: HTTPHeaders
    let gzipHead: HTTPHeaders?
    /// The same again as the bytes of their header lines, for the plain page fast path, which
    /// writes responses without NIO's encoder.
    let identityHeadLines: ByteBuffer
    let gzipHeadLines: ByteBuffer?
    public let isHTML: Bool

    init(
        path: String, contentType: String, body: ByteBuffer, gzipBody: ByteBuffer?, sha256: String, cacheControl: String
    ) {
        self.path = path
        self.contentType = contentType
        self.body = body
        self.gzipBody = gzipBody
        let tag = String(sha256.prefix(32))
        self.etag = "\"\(tag)\""
        self.gzipETag = "\"\(tag)-gz\""
        self.isHTML = contentType.hasPrefix("text/html")
        var identity = HTTPFields()
        identity.reserveCapacity(6)
        identity[.contentType] = contentType
        identity[.eTag] = etag
        identity[.cacheControl] = cacheControl
        if isHTML {
            // Pages differ per visitor (variant from the cookie) and per encoding.
            identity[.vary] = "Cookie, Accept-Encoding"
        } else if gzipBody != nil {
            identity[.vary] = "Accept-Encoding"
        }
        self.identityHeaders = identity
        if gzipBody != nil {
            var gzip = identity
            gzip[.eTag] = gzipETag
            gzip[.contentEncoding] = "gzip"
            self.gzipHeaders = gzip
        } else {
            self.gzipHeaders = nil
        }
        self.identityHead = Self.head(identity, length: body.readableBytes)
        if let fields = self.gzipHeaders, let gzipBody {
            self.gzipHead = Self.head(fields, length: gzipBody.readableBytes)
        } else {
            self.gzipHead = nil
        }
        self.identityHeadLines = Self.lines(identityHead)
        self.gzipHeadLines = gzipHead.map(Self.lines)
    }

    private static func lines(_ headers: HTTPHeaders) -> ByteBuffer {
        var buffer = ByteBuffer()
        for (name, value) in headers { buffer.writeString("\(name): \(value)\r\n") }
        return buffer
    }

    private static func head(_ fields: HTTPFields, length: Int) -> HTTPHeaders {
        var headers = HTTPHeaders(fields.map { ($0.name.rawName, $0.value) })
        headers.add(name: "Content-Length", value: String(length))
        return headers
    }
}
