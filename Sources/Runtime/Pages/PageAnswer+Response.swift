import DistFormat
import HTTPTypes
import Hummingbird

extension PageAnswer {
    /// The answer as a Hummingbird response, for requests that took the routed path.
    var response: Response {
        switch self {
        case .file(let file, let gzip, let notModified, let setCookie):
            var fields = gzip ? (file.gzipHeaders ?? file.identityHeaders) : file.identityHeaders
            if let setCookie { fields[.setCookie] = setCookie }
            if notModified {
                fields[.contentType] = nil
                fields[.contentEncoding] = nil
                return Response(status: .notModified, headers: fields)
            }
            let body = gzip ? (file.gzipBody ?? file.body) : file.body
            return Response(status: .ok, headers: fields, body: .init(byteBuffer: body))
        case .redirect(let location, let status, let setCookie):
            return Responses.redirect(location, status: status, setCookie: setCookie)
        case .notFound:
            return Responses.notFound()
        case .error(let status, let message):
            return Responses.error(status, message)
        }
    }
}
