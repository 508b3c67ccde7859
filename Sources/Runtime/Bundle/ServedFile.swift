import Crypto
import DistFormat
import HTTPTypes
import NIOCore
import NIOHTTP1

/// One file held in memory with everything a response needs precomputed, so that serving it is a
/// dictionary lookup plus handing NIO a buffer it already owns. A class: an answer carries it by
/// one reference instead of copying (and retaining) a dozen fields per request.
package final class ServedFile: Sendable {
    package let path: String
    package let contentType: String
    package let body: ByteBuffer
    /// The gzip copy, when the build wrote one (or the loader made one) and it is smaller.
    package let gzipBody: ByteBuffer?
    /// Strong validator of the identity bytes; the gzip copy gets its own (`…-gz`) because it is a
    /// different representation.
    package let etag: String
    package let gzipETag: String
    /// Header sets for the two representations, built once at load time.
    package let identityHeaders: HTTPFields
    package let gzipHeaders: HTTPFields?
    /// The same two header sets as NIO writes them on the page fast path, with Content-Length.
    let identityHead: HTTPHeaders
    let gzipHead: HTTPHeaders?
    /// The same again as the bytes of their header lines, for the plain page fast path, which
    /// writes responses without NIO's encoder.
    let identityHeadLines: ByteBuffer
    let gzipHeadLines: ByteBuffer?
    package let isHTML: Bool

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

extension ServedFile {
    /// The same page with other bytes (a development server's rewrite). It has no gzip copy: the
    /// preview answers pages uncompressed on loopback, and compressing every page again on each
    /// rebuild only delayed the reload.
    func rewritten(_ bytes: [UInt8]) -> ServedFile {
        ServedFile(
            path: path, contentType: contentType, body: ByteBuffer(bytes: bytes), gzipBody: nil,
            sha256: SHA256.hash(data: bytes).hex, cacheControl: CacheControlPolicy.page)
    }
}
