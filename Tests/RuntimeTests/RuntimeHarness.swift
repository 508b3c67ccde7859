import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import XCTest

@testable import Runtime

enum UserAgents {
    static let iPhone =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
    static let desktop =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
    static let googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
}

/// Runs `body` against an in-process server over `fixture`; on return the server has shut down
/// gracefully (events flushed, models snapshotted, store closed), so the database can be checked.
/// `.live` (the default) listens on a loopback port, so page requests take the NIO fast path;
/// `.router` calls the Hummingbird responder directly.
func withRuntime(
    _ fixture: DistFixture,
    mode: TestingSetup = .live,
    configure: (inout ServerOptions) -> Void = { _ in },
    _ body: @escaping @Sendable (any TestClientProtocol, SitegenRuntime) async throws -> Void
) async throws {
    var options = ServerOptions(dist: fixture.dist, database: fixture.database, port: 0, reloadOnHangup: false)
    configure(&options)
    var logger = Logger(label: "runtime-tests")
    logger.logLevel = .warning
    let runtime = try SitegenRuntime(options: options, logger: logger)
    let app = SitegenServer.application(runtime: runtime)
    try await app.test(mode) { client in
        try await body(client, runtime)
    }
}

func headers(_ pairs: [(String, String)]) -> HTTPFields {
    var fields = HTTPFields()
    for (name, value) in pairs {
        if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
    }
    return fields
}

extension TestClientProtocol {
    func get(_ uri: String, _ pairs: [(String, String)] = [("User-Agent", UserAgents.iPhone)]) async throws
        -> TestResponse
    {
        try await execute(uri: uri, method: .get, headers: headers(pairs), body: nil)
    }

    func post(_ uri: String, _ body: String, _ pairs: [(String, String)] = []) async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: headers(pairs), body: ByteBuffer(string: body))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// `name=value` from Set-Cookie, ready for a Cookie header.
    var cookiePair: String? {
        headers[.setCookie].map { String($0.prefix { $0 != ";" }) }
    }

    /// The variant id the fixture writes into every page.
    var servedVariant: String? {
        guard let range = text.range(of: "data-variant=\"") else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }

    /// The body as a JSON object; anything else fails the test, so a regression to `[]` or HTML
    /// cannot quietly turn the assertions after it into no-ops.
    func json(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(buffer: body))
        return try XCTUnwrap(object as? [String: Any], "not a JSON object: \(text)", file: file, line: line)
    }
}

/// Row counts straight from the SQLite file (after the server closed it).
func count(_ fixture: DistFixture, _ sql: String) throws -> Int64 {
    try rawInteger(fixture.database.path, sql) ?? -1
}
