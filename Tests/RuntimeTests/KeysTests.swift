import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import TestKit
import XCTest

@testable import Runtime

/// API keys (issue #17): who may call which endpoint of a recording server, and how keys are kept.
final class KeysTests: XCTestCase {
    /// Every endpoint behind a key, with a request that reaches it and the scope it needs.
    private static let guarded: [(method: HTTPRequest.Method, path: String, body: String?, scope: APIScope)] = [
        (.post, "/ml/bandit/select", #"{"experimentId":"luna"}"#, .decide),
        (.post, "/ml/bandit/update", #"{"decisionId":"x","experimentId":"luna","variantId":"indoor"}"#, .decide),
        (.get, "/ml/models", nil, .read),
        (.get, "/ml/models/luna/metrics", nil, .read),
        (.get, "/metrics", nil, .read),
        (.get, "/_sitegen/report/luna", nil, .read),
        (.get, "/_sitegen/report/luna.json", nil, .read),
        (.post, "/ml/forecast/scans", #"{"site":"luna"}"#, .read),
        (.post, "/ml/forecast/revenue", #"{"site":"luna"}"#, .read),
        (.post, "/ml/detect/anomalies", #"{"site":"luna"}"#, .read),
        // Not an endpoint: only `admin` learns that.
        (.get, "/ml/nothing", nil, .admin),
    ]

    /// Room for every refusal a test makes, so only the rate-limit test meets the limit.
    private static func roomyLimit(_ options: inout ServerOptions) {
        options.authFailureRateLimit = RateLimit(perSecond: 100, burst: 1_000)
        // Reloads only when a test asks, so what it sees does not depend on timing.
        options.keyReloadInterval = .seconds(3_600)
    }

    func testAnonymousCallsAre401JSONWithABearerChallenge() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture, apiKey: false, configure: Self.roomyLimit) { client, _ in
            for endpoint in Self.guarded {
                let response = try await send(client, (endpoint.method, endpoint.path, endpoint.body), [])
                XCTAssertEqual(response.status, .unauthorized, endpoint.path)
                XCTAssertEqual(response.headers[.contentType], Responses.jsonContentType, endpoint.path)
                XCTAssertEqual(response.headers[.wwwAuthenticate], #"Bearer realm="sitegen""#, endpoint.path)
                let message = try XCTUnwrap(response.json()["error"] as? String, endpoint.path)
                XCTAssertTrue(message.contains("Authorization: Bearer"), message)
                XCTAssertTrue(message.contains("'\(endpoint.scope.rawValue)'"), message)
            }
            // A key that is no key, or is shaped like one but unknown: 401 `invalid_token`.
            let unknown = APIKey.generate().text
            for presented in ["nonsense", unknown, unknown.uppercased(), String(unknown.dropLast()), "Bearer"] {
                let response = try await client.get("/ml/models", bearer(presented))
                XCTAssertEqual(response.status, .unauthorized, presented)
                XCTAssertTrue(response.headers[.wwwAuthenticate]?.contains(#"error="invalid_token""#) ?? false)
                XCTAssertFalse(response.text.contains(presented), "a presented key is never echoed")
            }
        }
    }

    func testEachScopeOpensItsEndpointsAndNoOthers() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture, configure: Self.roomyLimit) { client, runtime in
            let database = fixture.database.path
            var keys: [Set<APIScope>: String] = [:]
            for scopes: Set<APIScope> in [[.decide], [.read], [.admin], [.decide, .read]] {
                keys[scopes] = try APIKeyStore.create(database: database, name: nil, scopes: scopes).key.text
            }
            XCTAssertTrue(runtime.reloadKeys())
            XCTAssertEqual(runtime.apiKeyCount, 5, "the harness's admin key and these four")
            for (scopes, key) in keys {
                for endpoint in Self.guarded {
                    let response = try await send(
                        client, (endpoint.method, endpoint.path, endpoint.body), bearer(key))
                    let label = "\(APIScope.joined(scopes)) → \(endpoint.path)"
                    if scopes.contains(endpoint.scope) || scopes.contains(.admin) {
                        XCTAssertFalse([401, 403, 429].contains(response.status.code), "\(label): \(response.text)")
                    } else {
                        XCTAssertEqual(response.status, .forbidden, label)
                        XCTAssertTrue(
                            response.headers[.wwwAuthenticate]?.contains(#"error="insufficient_scope""#) ?? false, label
                        )
                        let message = try XCTUnwrap(response.json()["error"] as? String, label)
                        XCTAssertTrue(message.contains("needs '\(endpoint.scope.rawValue)' or 'admin'"), message)
                    }
                }
            }
            // The right scope gets the endpoint's real answer.
            let decide = try XCTUnwrap(keys[[.decide]]), read = try XCTUnwrap(keys[[.read]])
            let select = try await client.post("/ml/bandit/select", #"{"experimentId":"luna"}"#, bearer(decide))
            XCTAssertEqual(select.status, .ok, select.text)
            XCTAssertNotNil(try select.json()["decisionId"] as? String)
            let models = try await client.get("/ml/models", bearer(read))
            XCTAssertEqual(models.status, .ok)
            XCTAssertEqual(try models.json()["buildId"] as? String, "build-1")
            let metrics = try await client.get("/metrics", bearer(read))
            XCTAssertEqual(metrics.status, .ok)
            XCTAssertTrue(metrics.text.contains("sitegen_auth_failures_total "), metrics.text)
            let report = try await client.get("/_sitegen/report/luna.json", bearer(read))
            XCTAssertEqual(report.status, .ok)
            // A method an endpoint does not take is only said to a caller with the key.
            let wrongMethod = try await client.get("/ml/bandit/select", bearer(decide))
            XCTAssertEqual(wrongMethod.status, .methodNotAllowed)
        }
    }

    func testXApiKeyAndAnyCaseOfBearerAreAccepted() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture, apiKey: false, configure: Self.roomyLimit) { client, runtime in
            let key = try APIKeyStore.create(database: fixture.database.path, name: "x", scopes: [.read]).key.text
            runtime.reloadKeys()
            for pairs in [
                [("X-Api-Key", key)], [("Authorization", "bearer \(key)")], [("Authorization", "BEARER   \(key) ")],
                // Another scheme is not ours; the X-Api-Key beside it is.
                [("Authorization", "Basic dXNlcjpwYXNz"), ("X-Api-Key", key)],
            ] {
                let response = try await client.get("/ml/models", pairs)
                XCTAssertEqual(response.status, .ok, "\(pairs.map(\.0))")
            }
            let basicAlone = try await client.get("/ml/models", [("Authorization", "Basic dXNlcjpwYXNz")])
            XCTAssertEqual(basicAlone.status, .unauthorized)
        }
    }

    func testRevokedKeyIsRefusedAfterTheNextReload() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture, configure: Self.roomyLimit) { client, runtime in
            let created = try APIKeyStore.create(database: fixture.database.path, name: "old", scopes: [.read])
            runtime.reloadKeys()
            let before = try await client.get("/ml/models", bearer(created.key.text))
            XCTAssertEqual(before.status, .ok)

            let revoked = try APIKeyStore.revoke(database: fixture.database.path, id: created.key.id)
            guard case .revoked(let record) = revoked else { return XCTFail("\(revoked)") }
            XCTAssertNotNil(record.revokedAt)
            XCTAssertEqual(
                try APIKeyStore.revoke(database: fixture.database.path, id: created.key.id), .alreadyRevoked(record))
            XCTAssertTrue(runtime.reloadKeys())
            let after = try await client.get("/ml/models", bearer(created.key.text))
            XCTAssertEqual(after.status, .unauthorized)
            XCTAssertTrue(after.headers[.wwwAuthenticate]?.contains("invalid_token") ?? false)
            // The harness's own key is untouched.
            let other = try await client.get("/ml/models")
            XCTAssertEqual(other.status, .ok)
        }
    }

    func testKeyCreatedWhileServingWorksAfterTheNextReload() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture, apiKey: false, configure: Self.roomyLimit) { client, runtime in
            XCTAssertEqual(runtime.apiKeyCount, 0)
            let key = try APIKeyStore.create(database: fixture.database.path, name: nil, scopes: [.decide]).key.text
            let early = try await client.post("/ml/bandit/select", #"{"experimentId":"luna"}"#, bearer(key))
            XCTAssertEqual(early.status, .unauthorized, "not loaded yet")
            XCTAssertTrue(runtime.reloadKeys())
            XCTAssertFalse(runtime.reloadKeys(), "nothing changed since")
            let late = try await client.post("/ml/bandit/select", #"{"experimentId":"luna"}"#, bearer(key))
            XCTAssertEqual(late.status, .ok, late.text)
        }
    }

    /// The server's own reload loop, on a short interval: the promise is "within 5 s" with the
    /// default of 2 s.
    func testServerReloadsKeysByItself() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        XCTAssertLessThanOrEqual(
            ServerOptions(dist: fixture.dist, mode: .recording(database: fixture.database)).keyReloadInterval,
            .seconds(5))
        try await withRuntime(
            fixture, apiKey: false,
            configure: {
                Self.roomyLimit(&$0)
                $0.keyReloadInterval = .milliseconds(50)
            }
        ) { client, _ in
            let key = try APIKeyStore.create(database: fixture.database.path, name: nil, scopes: [.read]).key.text
            // Bounded wait for a periodic effect; nothing else signals it.
            let deadline = ContinuousClock.now + .seconds(10)
            var status = HTTPResponse.Status.unauthorized
            while status != .ok, ContinuousClock.now < deadline {
                status = try await client.get("/ml/models", bearer(key)).status
                if status != .ok { try await Task.sleep(for: .milliseconds(20)) }
            }
            XCTAssertEqual(status, .ok)
        }
    }

    /// Shutdown closes the key reader's connection with the store, so nothing holds the file
    /// and the last close checkpoints and removes the WAL, as it did before keys.
    func testShutdownClosesTheKeyReader() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        let runtime = try SitegenRuntime(
            options: ServerOptions(dist: fixture.dist, mode: .recording(database: fixture.database)),
            logger: Logger(label: "keys-tests"))
        _ = try APIKeyStore.create(database: fixture.database.path, name: nil, scopes: [.read])
        XCTAssertTrue(runtime.reloadKeys())
        try await runtime.shutdown()
        // `runtime` is used below, so it (and any connection it forgot to close) is still alive.
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.database.path + "-wal"))
        XCTAssertFalse(runtime.reloadKeys(), "closed: nothing to read, nothing logged")
        XCTAssertEqual(runtime.apiKeyCount, 1, "the keys loaded stay")
    }

    func testTheDatabaseHoldsOnlyTheKeysHash() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        let (key, record) = try APIKeyStore.create(
            database: fixture.database.path, name: "ci", scopes: [.read, .decide])
        XCTAssertEqual(key.text.count, APIKey.length)
        XCTAssertTrue(key.text.hasPrefix("sgk_\(key.id)_"))
        let secret = String(key.text.dropFirst("sgk_\(key.id)_".count))
        XCTAssertEqual(secret.count, 64)

        let db = try Database(path: fixture.database.path, mode: .readOnly)
        let row = try db.prepare("SELECT id, name, scopes, hash, created_at, revoked_at FROM api_keys", for: "test")
        XCTAssertTrue(try row.step())
        XCTAssertEqual(row.string(0), key.id)
        XCTAssertEqual(row.string(1), "ci")
        XCTAssertEqual(row.string(2), "decide,read")
        XCTAssertEqual(row.blob(3), Array(SHA256.hash(data: Array(key.text.utf8))))
        XCTAssertEqual(row.blob(3), record.hash)
        XCTAssertTrue(row.isNull(5))
        XCTAssertFalse(try row.step(), "one key, one row")
        row.finalize()
        db.close()
        // Nowhere in the files, in any form a reader could use.
        for suffix in ["", "-wal"] {
            guard let bytes = FileManager.default.contents(atPath: fixture.database.path + suffix) else { continue }
            for needle in [key.text, secret, secret.uppercased()] {
                XCTAssertNil(bytes.range(of: Data(needle.utf8)), "\(suffix): the key's text is stored")
            }
        }
        XCTAssertEqual(try APIKeyStore.list(database: fixture.database.path), [record])
    }

    func testFailedAuthenticationsAreRateLimitedPerClient() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(
            fixture, configure: { $0.authFailureRateLimit = RateLimit(perSecond: 0, burst: 3) }
        ) { client, _ in
            let wrong = APIKey.generate().text
            for attempt in 1...3 {
                let refused = try await client.get("/ml/models", bearer(wrong))
                XCTAssertEqual(refused.status, .unauthorized, "attempt \(attempt)")
            }
            let limited = try await client.get("/ml/models", bearer(wrong))
            XCTAssertEqual(limited.status, .tooManyRequests)
            XCTAssertEqual(limited.headers[.retryAfter], "3600")
            XCTAssertNotNil(try limited.json()["error"] as? String)
            let anonymous = try await client.post("/ml/bandit/select", "{}", [("Authorization", "")])
            XCTAssertEqual(anonymous.status, .tooManyRequests, "an empty credential is a failure too")
            // Another client behind the same proxy is counted on its own…
            let elsewhere = try await client.get(
                "/ml/models", bearer(wrong) + [("X-Forwarded-For", "203.0.113.9")])
            XCTAssertEqual(elsewhere.status, .unauthorized)
            // …and a good key is never refused for its address's failures.
            let good = try await client.get("/ml/models")
            XCTAssertEqual(good.status, .ok)
            let metrics = try await client.get("/metrics").text
            XCTAssertTrue(metrics.contains("sitegen_auth_failures_total 4\n"), metrics)
            XCTAssertTrue(metrics.contains("sitegen_auth_rate_limited_total 2\n"), metrics)
        }
    }

    func testPagesConversionsHealthAndContextNeedNoKey() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture, apiKey: false, configure: Self.roomyLimit) { client, runtime in
            XCTAssertEqual(runtime.apiKeyCount, 0)
            let page = try await client.get("/luna/")
            XCTAssertEqual(page.status, .ok)
            let cookie = try XCTUnwrap(page.cookiePair)
            let convert = try await client.post("/luna/_convert", #"{"goal":"reserve"}"#, [("Cookie", cookie)])
            XCTAssertEqual(convert.status, .ok, convert.text)
            let go = try await client.get(
                "/luna/_go/order?to=https://book.example.com/luna", [("Cookie", cookie)])
            XCTAssertEqual(go.status, .found)
            let asset = try await client.get("/luna/qr/window.png")
            XCTAssertNotEqual(asset.status, .unauthorized)
            for path in ["/healthz", "/_sitegen/context?site=luna"] {
                let response = try await client.get(path)
                XCTAssertEqual(response.status, .ok, path)
                XCTAssertNil(response.headers[.wwwAuthenticate], path)
            }
        }
    }

    /// `/healthz` is public, so it says only whether the server works; the build, the sites
    /// (campaign names) and what the store failed on are for a caller with a `read` key.
    func testHealthShowsBuildAndSitesOnlyToAReadKey() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, _ in
            let key = try XCTUnwrap(apiKey(of: client))
            let anonymous = try await client.get("/healthz", [("Authorization", "Bearer none")])
            XCTAssertEqual(anonymous.status, .ok)
            let open = try anonymous.json()
            XCTAssertEqual(open["ok"] as? Bool, true)
            XCTAssertEqual(open["store"] as? String, "ok")
            XCTAssertNil(open["buildId"], anonymous.text)
            XCTAssertNil(open["sites"], anonymous.text)
            XCTAssertFalse(anonymous.text.contains("luna"), anonymous.text)

            let keyed = try await client.get("/healthz", [("X-Api-Key", key)])
            XCTAssertEqual(try keyed.json()["buildId"] as? String, "build-1")
            XCTAssertEqual(try keyed.json()["sites"] as? [String], ["luna", "shop"])
        }
    }

    func testDevelopmentServerNeedsNoKey() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture, configure: { $0.mode = .development(NoExtension()) }) { client, runtime in
            XCTAssertNil(runtime.apiKeyCount)
            XCTAssertNil(runtime.apiKeysStartLine)
            let models = try await client.get("/ml/models")
            XCTAssertEqual(models.status, .ok)
            let select = try await client.post("/ml/bandit/select", #"{"experimentId":"luna"}"#)
            XCTAssertEqual(select.status, .ok)
        }
    }

    func testStartLineSaysHowManyKeysAndHowToMakeOne() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture, apiKey: false) { _, runtime in
            let none = try XCTUnwrap(runtime.apiKeysStartLine)
            XCTAssertTrue(none.hasPrefix("api keys: 0 "), none)
            XCTAssertTrue(none.contains("sitegen keys create --db \(fixture.database.path) --scope read"), none)
            _ = try APIKeyStore.create(database: fixture.database.path, name: nil, scopes: [.read])
            runtime.reloadKeys()
            let one = try XCTUnwrap(runtime.apiKeysStartLine)
            XCTAssertTrue(one.hasPrefix("api keys: 1 active"), one)
        }
        XCTAssertEqual(ShellWord.quoted("/tmp/my data/it's.sqlite"), #"'/tmp/my data/it'\''s.sqlite'"#)
        XCTAssertEqual(ShellWord.quoted("data/sitegen.sqlite"), "data/sitegen.sqlite")
    }

    func testScopeNamesAreCheckedWithASuggestion() throws {
        XCTAssertEqual(try APIScope.parse(["decide,read"]), [.decide, .read])
        XCTAssertEqual(try APIScope.parse(["read", " Admin ", "read,"]), [.read, .admin])
        XCTAssertThrowsError(try APIScope.parse(["raed"])) { error in
            XCTAssertEqual(error as? APIKeyError, .unknownScope("raed", suggestion: "read"))
            XCTAssertTrue("\(error)".contains("did you mean 'read'?"), "\(error)")
        }
        XCTAssertThrowsError(try APIScope.parse(["decide,everything"])) { error in
            XCTAssertEqual(error as? APIKeyError, .unknownScope("everything", suggestion: nil))
        }
        XCTAssertThrowsError(try APIScope.parse([])) { XCTAssertEqual($0 as? APIKeyError, .noScope) }
        XCTAssertThrowsError(try APIScope.parse([","])) { XCTAssertEqual($0 as? APIKeyError, .noScope) }
        XCTAssertEqual(APIScope.stored("read,future-scope"), [.read], "a newer sitegen's scope opens nothing here")
    }

    func testKeysCommandsRefuseWhatTheyCannotDo() throws {
        let path = try makeStorePath()
        XCTAssertThrowsError(try APIKeyStore.revoke(database: path, id: "0123456789abcdef"), "no database yet")
        _ = try APIKeyStore.create(database: path, name: nil, scopes: [.read])
        XCTAssertThrowsError(try APIKeyStore.revoke(database: path, id: "0123456789abcdef")) { error in
            XCTAssertEqual(error as? APIKeyError, .unknownKey(id: "0123456789abcdef", storeFlag: "--db \(path)"))
            XCTAssertTrue("\(error)".contains("'0123456789abcdef'"))
        }
        for bad in ["", "two\nlines", String(repeating: "x", count: 101)] {
            XCTAssertThrowsError(try APIKeyStore.create(database: path, name: bad, scopes: [.read]), bad)
        }
        XCTAssertThrowsError(try APIKeyStore.create(database: path, name: nil, scopes: []))
        XCTAssertEqual(try APIKeyStore.list(database: path).count, 1)
    }

    func testOnlyKeysOfTheRightShapeAreLookedUp() {
        let key = APIKey.generate()
        XCTAssertEqual(APIKey.id(of: key.text[...]), key.id[...])
        XCTAssertNotEqual(APIKey.generate().text, key.text)
        XCTAssertTrue(APIKey.isID(key.id))
        let body = key.text.dropFirst(4)
        for bad in [
            "", "sgk_", key.text + "0", String(key.text.dropLast()), "sgk-" + body, key.text.uppercased(),
            "sgk_" + body.replacingOccurrences(of: "_", with: "-"), "sgk_" + String(body.dropFirst()) + "g",
        ] {
            XCTAssertNil(APIKey.id(of: bad[...]), bad)
        }
    }
}

private func send(
    _ client: any TestClientProtocol, _ endpoint: (method: HTTPRequest.Method, path: String, body: String?),
    _ pairs: [(String, String)]
) async throws -> TestResponse {
    try await client.execute(
        uri: endpoint.path, method: endpoint.method, headers: headers(pairs),
        body: endpoint.body.map { ByteBuffer(string: $0) })
}

private func bearer(_ key: String) -> [(String, String)] { [("Authorization", "Bearer \(key)")] }
