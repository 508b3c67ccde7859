import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal blocking HTTP/1.1 client over a loopback socket, for tests that talk to a real
/// `sitegen serve` process or a live in-process server. One connection per call, read to EOF, with
/// a receive timeout so a dead server fails the call instead of hanging the test.
package enum LoopbackHTTP {
    package struct Reply {
        package var status: Int
        package var headers: [String: String]
        package var body: String
    }

    package struct Failure: Error, CustomStringConvertible {
        package var description: String
        package init(description: String) { self.description = description }
    }

    package static func send(
        port: Int, method: String, path: String, headers: [String: String] = [:], body: String = ""
    ) throws
        -> Reply
    {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let text = String(decoding: try roundTrip(port: port, [Array(request.utf8)]), as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else {
            throw Failure(description: "no complete response: \(text)")
        }
        let (status, fields) = try parseHead(text[..<split.lowerBound])
        return Reply(status: status, headers: fields, body: String(text[split.upperBound...]))
    }

    /// Sends `raw` (any number of pipelined requests) in one write and splits what comes back, up
    /// to EOF, into responses by their Content-Length. `headRequests` are the positions of HEAD
    /// requests, whose answers carry a length but no body.
    package static func exchange(port: Int, _ raw: String, headRequests: Set<Int> = []) throws -> [Reply] {
        try exchange(port: port, [raw], headRequests: headRequests)
    }

    /// As above, with each of `pieces` sent in a write of its own, a little apart, so the server
    /// reads a request in several parts.
    package static func exchange(port: Int, _ pieces: [String], headRequests: Set<Int> = []) throws -> [Reply] {
        try replies(in: roundTrip(port: port, pieces.map { Array($0.utf8) }), headRequests: headRequests)
    }

    /// Splits the bytes of pipelined responses into responses by their Content-Length.
    /// `headRequests` are the positions of HEAD requests, whose answers carry a length but no body.
    package static func replies(in bytes: [UInt8], headRequests: Set<Int> = []) throws -> [Reply] {
        var rest = bytes[...]
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

    /// Connects, writes each of `pieces` (a little apart when there are several), and reads until
    /// the server closes the connection.
    private static func roundTrip(port: Int, _ pieces: [[UInt8]]) throws -> [UInt8] {
        let socket = try LoopbackSocket(port: port)
        for (index, bytes) in pieces.enumerated() {
            if index > 0 { usleep(20_000) }
            try socket.send(bytes)
        }
        return try socket.receiveToEnd()
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
