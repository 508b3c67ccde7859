import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Small fixed responses: errors, redirects and JSON bodies.
package enum Responses {
    package static func json<Body: Encodable>(_ body: Body, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = jsonContentType
        headers[.cacheControl] = CacheControlPolicy.noStore
        return Response(status: status, headers: headers, body: .init(byteBuffer: encode(body)))
    }

    package static let jsonContentType = "application/json; charset=utf-8"

    package static func encode<Body: Encodable>(_ body: Body) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding our own answer types cannot fail (no non-finite numbers reach them: see callers).
        let data = (try? encoder.encode(body)) ?? Data("{\"error\":\"response encoding failed\"}".utf8)
        return ByteBuffer(bytes: data)
    }

    /// `{"error": "<message>"}`, the body of every error answer.
    package struct ErrorBody: Encodable {
        var error: String
    }

    package static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(ErrorBody(error: message), status: status)
    }

    package static let notFoundPage = ByteBuffer(
        string: """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>\
            <body><h1>Not found</h1><p>There is no page at this address.</p></body></html>

            """)

    package static let htmlContentType = "text/html; charset=utf-8"

    package static func notFound() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = htmlContentType
        headers[.cacheControl] = CacheControlPolicy.noStore
        return Response(status: .notFound, headers: headers, body: .init(byteBuffer: notFoundPage))
    }

    package static func redirect(_ location: String, status: HTTPResponse.Status = .found, setCookie: String? = nil)
        -> Response
    {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = CacheControlPolicy.noStore
        if let setCookie { headers[.setCookie] = setCookie }
        return Response(status: status, headers: headers)
    }

    package static func methodNotAllowed(_ allowed: String) -> Response {
        var response = error(.methodNotAllowed, "method not allowed here; use \(allowed)")
        response.headers[.allow] = allowed
        return response
    }

    package static func text(_ body: String, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = CacheControlPolicy.noStore
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
