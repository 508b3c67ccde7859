import DistFormat
import HTTPTypes

/// What a page or asset request is answered with, decided once by the page rules and written by
/// either HTTP stack: `PageAnswer+Response` for the routed path, `PageFastPath` for the fast one.
enum PageAnswer {
    /// A file of the bundle: its gzip copy or not, the full bytes or a 304, maybe a new cookie.
    case file(ServedFile, gzip: Bool, notModified: Bool, setCookie: String?)
    /// A redirect variant (302) or the slash a site's bare path lacks (301).
    case redirect(location: String, status: HTTPResponse.Status, setCookie: String?)
    case notFound
    case error(HTTPResponse.Status, String)

    var status: HTTPResponse.Status {
        switch self {
        case .file(_, _, let notModified, _): notModified ? .notModified : .ok
        case .redirect(_, let status, _): status
        case .notFound: .notFound
        case .error(let status, _): status
        }
    }
}

extension ServedFile {
    /// This file for a request: the gzip copy when accepted, 304 when the client's validator
    /// matches either representation, plus an optional assignment cookie.
    func answer(for headers: some RequestHeaders, setCookie: String? = nil) -> PageAnswer {
        let useGzip = gzipBody != nil && ContentNegotiation.acceptsGzip(headers)
        // Either representation's validator revalidates: a client that switched encodings still
        // holds the same page.
        let notModified = ContentNegotiation.notModified(headers, etags: etag, gzipETag)
        return .file(self, gzip: useGzip, notModified: notModified, setCookie: setCookie)
    }
}
