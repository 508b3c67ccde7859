import HTTPTypes
import NIOCore

/// One file held in memory with everything a response needs precomputed, so that serving it is a
/// dictionary lookup plus handing NIO a buffer it already owns.
public struct ServedFile: Sendable {
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
    }
}
