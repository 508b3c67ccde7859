import DistFormat
import NIOCore
import NIOHTTP1

extension PageAnswer {
    /// The answer as NIO response parts, for the page fast path: a head and, unless this is a
    /// 304 or the request was a HEAD, a body. Header sets of files were built at load time.
    func parts(isHead: Bool, date: String) -> (head: HTTPResponseHead, body: ByteBuffer?) {
        var headers: HTTPHeaders
        var body: ByteBuffer?
        switch self {
        case .file(let file, let gzip, let notModified, let setCookie):
            headers = gzip ? (file.gzipHead ?? file.identityHead) : file.identityHead
            if let setCookie { headers.add(name: "Set-Cookie", value: setCookie) }
            if notModified {
                // A 304 describes the representation without carrying it.
                headers.remove(name: "Content-Type")
                headers.remove(name: "Content-Encoding")
                headers.remove(name: "Content-Length")
            } else {
                body = gzip ? (file.gzipBody ?? file.body) : file.body
            }
        case .redirect(let location, _, let setCookie):
            headers = [
                "Location": location, "Cache-Control": CacheControlPolicy.noStore, "Content-Length": "0",
            ]
            if let setCookie { headers.add(name: "Set-Cookie", value: setCookie) }
        case .notFound:
            body = Responses.notFoundPage
            headers = ["Content-Type": Responses.htmlContentType, "Cache-Control": CacheControlPolicy.noStore]
        case .error(_, let message):
            body = Responses.encode(Responses.ErrorBody(error: message))
            headers = ["Content-Type": Responses.jsonContentType, "Cache-Control": CacheControlPolicy.noStore]
        }
        if let body, !headers.contains(name: "Content-Length") {
            headers.add(name: "Content-Length", value: String(body.readableBytes))
        }
        headers.add(name: "Date", value: date)
        let head = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: Int(status.code)), headers: headers)
        return (head, isHead ? nil : body)
    }
}
