import HTTPTypes
import NIOHTTP1

/// What to tell a client whose request NIO's HTTP parser refused: the status that names the
/// problem and a sentence, as every other error is answered.
enum ParseErrorAnswer {
    static func answer(for error: HTTPParserError) -> PageAnswer {
        switch error {
        case .headerOverflow:
            return .error(.init(code: 431), "request line or header fields too large")
        case .invalidMethod:
            return .error(.init(code: 501), "method not supported: this server answers GET, HEAD and POST")
        case .invalidURL, .invalidPath, .invalidQueryString, .invalidFragment, .invalidHost, .invalidPort:
            return .error(.badRequest, "malformed request target")
        case .invalidVersion:
            return .error(.init(code: 505), "HTTP version not supported: send HTTP/1.1 or HTTP/1.0")
        case .invalidHeaderToken, .invalidCharactersUsed:
            return .error(.badRequest, "malformed header field")
        case .lfExpected:
            return .error(.badRequest, "malformed line end: end every line with CRLF")
        case .invalidContentLength, .unexpectedContentLength:
            return .error(.badRequest, "invalid Content-Length")
        case .paused:
            // What NIO's parser (llhttp) reports for the HTTP/2 connection preface.
            return .error(.init(code: 505), "HTTP/2 with prior knowledge is not served here: send HTTP/1.1")
        case .invalidChunkSize:
            return .error(.badRequest, "malformed chunked body")
        default:
            return .error(.badRequest, "malformed HTTP request")
        }
    }
}
