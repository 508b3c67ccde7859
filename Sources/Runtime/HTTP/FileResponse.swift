import HTTPTypes
import Hummingbird

extension ServedFile {
    /// The response for this file: gzip copy when accepted, 304 when the client's validator
    /// matches, plus an optional assignment cookie.
    func response(for headers: HTTPFields, setCookie: String? = nil) -> Response {
        let useGzip = gzipBody != nil && ContentNegotiation.acceptsGzip(headers)
        var fields = useGzip ? (gzipHeaders ?? identityHeaders) : identityHeaders
        if let setCookie { fields[.setCookie] = setCookie }
        if headers[.ifNoneMatch] != nil,
            ContentNegotiation.notModified(headers, etag: useGzip ? gzipETag : etag)
                || ContentNegotiation.notModified(headers, etag: useGzip ? etag : gzipETag)
        {
            fields[.contentType] = nil
            fields[.contentEncoding] = nil
            return Response(status: .notModified, headers: fields)
        }
        let body = useGzip ? (gzipBody ?? self.body) : self.body
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: body))
    }
}
