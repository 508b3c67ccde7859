import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal blocking HTTP/1.1 client over a loopback socket, for tests that talk to a real
/// `sitegen serve` process or a live in-process server. One connection per call, read to EOF, with
/// a receive timeout so a dead server fails the call instead of hanging the test.
enum LoopbackHTTP {
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func send(port: Int, method: String, path: String, headers: [String: String] = [:], body: String = "") throws
        -> Reply
    {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let text = String(decoding: try roundTrip(port: port, Array(request.utf8)), as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else {
            throw Failure(description: "no complete response: \(text)")
        }
        let (status, fields) = try parseHead(text[..<split.lowerBound])
        return Reply(status: status, headers: fields, body: String(text[split.upperBound...]))
    }

    /// Sends `raw` (any number of pipelined requests) in one write and splits what comes back, up
    /// to EOF, into responses by their Content-Length. `headRequests` are the positions of HEAD
    /// requests, whose answers carry a length but no body.
    static func exchange(port: Int, _ raw: String, headRequests: Set<Int> = []) throws -> [Reply] {
        try exchange(port: port, [raw], headRequests: headRequests)
    }

    /// As above, with each of `pieces` sent in a write of its own, a little apart, so the server
    /// reads a request in several parts.
    static func exchange(port: Int, _ pieces: [String], headRequests: Set<Int> = []) throws -> [Reply] {
        var rest = try roundTrip(port: port, pieces.map { Array($0.utf8) })[...]
        var replies: [Reply] = []
        let separator = Array("\r\n\r\n".utf8)
        while !rest.isEmpty {
            guard let end = rest.indices.first(where: { rest[$0...].starts(with: separator) }) else {
                throw Failure(description: "incomplete response head")
            }
            let (status, fields) = try parseHead(Substring(String(decoding: rest[..<end], as: UTF8.self)))
            let bodyStart = end + separator.count
            let length = headRequests.contains(replies.count) ? 0 : Int(fields["content-length"] ?? "0") ?? 0
            guard rest.endIndex - bodyStart >= length else { throw Failure(description: "truncated body") }
            let body = String(decoding: rest[bodyStart..<(bodyStart + length)], as: UTF8.self)
            replies.append(Reply(status: status, headers: fields, body: body))
            rest = rest[(bodyStart + length)...]
        }
        return replies
    }

    /// Connects, writes `bytes`, and reads until the server closes the connection.
    private static func roundTrip(port: Int, _ bytes: [UInt8]) throws -> [UInt8] {
        try roundTrip(port: port, [bytes])
    }

    private static func roundTrip(port: Int, _ pieces: [[UInt8]]) throws -> [UInt8] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect() failed: errno \(errno)") }
        for (index, bytes) in pieces.enumerated() {
            if index > 0 { usleep(20_000) }
            try sendAll(fd, bytes)
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { break }
            guard n > 0 else { throw Failure(description: "read() failed: errno \(errno)") }
            received.append(contentsOf: buffer[0..<n])
        }
        return received
    }

    private static func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            // MSG_NOSIGNAL: a server that answers early and closes must not kill the test with SIGPIPE;
            // what it answered is still read below.
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EPIPE { return }
            guard n > 0 else { throw Failure(description: "send() failed: errno \(errno)") }
            sent += n
        }
    }

    private static func parseHead(_ head: Substring) throws -> (Int, [String: String]) {
        let lines = head.components(separatedBy: "\r\n")
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1.1 "),
            let status = Int(statusLine.dropFirst(9).prefix(3))
        else { throw Failure(description: "bad status line: \(lines.first ?? "")") }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, fields)
    }
}
