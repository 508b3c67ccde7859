import Foundation
import Hummingbird
import NIOCore

/// Why a request body was refused.
package struct BodyError: Error {
    package var response: Response
}

enum RequestBodyReader {
    /// The body as bytes, at most `limit` of them: 413 beyond (checked against Content-Length first,
    /// so an honest oversized upload is refused before it is read).
    static func read(_ request: Request, limit: Int) async throws(BodyError) -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw BodyError(response: Responses.error(.contentTooLarge, "request body over \(limit) bytes"))
        }
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw BodyError(response: Responses.error(.contentTooLarge, "request body over \(limit) bytes"))
        } catch {
            // A client that went away mid-body, or a malformed chunked encoding: not a size problem.
            throw BodyError(response: Responses.error(.badRequest, "request body could not be read: \(error)"))
        }
    }
}
