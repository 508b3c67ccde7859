import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A test client that sends an API key with every request to the server's own endpoints (`/ml/…`,
/// `/metrics`, `/_sitegen/…`) that carries none of its own, so tests about something else need
/// not repeat it. Page requests go out as they are.
package struct KeyedTestClient: TestClientProtocol {
    package let base: any TestClientProtocol
    /// The key, as `sitegen keys create` prints it.
    package let key: String

    package init(base: any TestClientProtocol, key: String) {
        self.base = base
        self.key = key
    }

    package func executeRequest(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?
    ) async throws -> TestResponse {
        var headers = headers
        let isAPI = ["/ml/", "/metrics", "/_sitegen/", "/healthz"].contains { uri.hasPrefix($0) }
        let hasKey = headers.contains { ["authorization", "x-api-key"].contains($0.name.canonicalName) }
        if isAPI, !hasKey { headers[.authorization] = "Bearer \(key)" }
        return try await base.executeRequest(uri: uri, method: method, headers: headers, body: body)
    }

    package var port: Int? { base.port }
}

/// The key a `KeyedTestClient` sends, for requests written by hand (raw sockets); nil for any
/// other client.
package func apiKey(of client: any TestClientProtocol) -> String? {
    (client as? KeyedTestClient)?.key
}
