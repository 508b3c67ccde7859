import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import XCTest

/// User-Agent strings of the kinds of visitor the tests play.
package enum UserAgents {
    package static let iPhone =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
    package static let desktop =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
    package static let googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
}

package func headers(_ pairs: [(String, String)]) -> HTTPFields {
    var fields = HTTPFields()
    for (name, value) in pairs {
        if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
    }
    return fields
}

extension TestClientProtocol {
    package func get(_ uri: String, _ pairs: [(String, String)] = [("User-Agent", UserAgents.iPhone)]) async throws
        -> TestResponse
    {
        try await execute(uri: uri, method: .get, headers: headers(pairs), body: nil)
    }

    package func post(_ uri: String, _ body: String, _ pairs: [(String, String)] = []) async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: headers(pairs), body: ByteBuffer(string: body))
    }
}

extension TestResponse {
    package var text: String { String(buffer: body) }

    /// `name=value` from Set-Cookie, ready for a Cookie header.
    package var cookiePair: String? {
        headers[.setCookie].map { String($0.prefix { $0 != ";" }) }
    }

    /// The variant id the fixture writes into every page.
    package var servedVariant: String? {
        guard let range = text.range(of: "data-variant=\"") else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }

    /// The body as a JSON object; anything else fails the test, so a regression to `[]` or HTML
    /// cannot quietly turn the assertions after it into no-ops.
    package func json(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(buffer: body))
        return try XCTUnwrap(object as? [String: Any], "not a JSON object: \(text)", file: file, line: line)
    }
}
