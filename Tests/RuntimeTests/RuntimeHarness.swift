import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SharedStore
import TestKit
import XCTest

@testable import Runtime

/// Runs `body` against an in-process server over `fixture`; on return the server has shut down
/// gracefully (events flushed, models snapshotted, store closed), so the database can be checked.
/// `.live` (the default) listens on a loopback port, so page requests take the NIO fast path;
/// `.router` calls the Hummingbird responder directly.
///
/// A recording server gets an `admin` key, made as `sitegen keys create` makes one, and the
/// client sends it to every API endpoint (`KeyedTestClient`; `apiKey(of: client)` is the key);
/// with `apiKey: false` the client is anonymous and the database holds no key.
func withRuntime(
    _ fixture: DistFixture,
    mode: TestingSetup = .live,
    apiKey: Bool = true,
    configure: (inout ServerOptions) -> Void = { _ in },
    _ body: @escaping @Sendable (any TestClientProtocol, SitegenRuntime) async throws -> Void
) async throws {
    var options = ServerOptions(
        dist: fixture.dist, mode: .recording(database: fixture.database), port: 0, reloadOnHangup: false)
    configure(&options)
    var logger = Logger(label: "runtime-tests")
    logger.logLevel = .warning
    let runtime = try SitegenRuntime(options: options, logger: logger)
    let key = try await makeKey(apiKey ? options : nil)
    if key != nil {
        runtime.reloadKeys()
        await runtime.reloadSharedKeys()
    }
    let app = SitegenServer.application(runtime: runtime)
    try await app.test(mode) { client in
        try await body(key.map { KeyedTestClient(base: client, key: $0) } ?? client, runtime)
    }
}

/// An `admin` key where a node started with `options` takes its keys from: the shared store
/// when it has one, else its database. Nil for a server without keys (or `nil` options).
private func makeKey(_ options: ServerOptions?) async throws -> String? {
    guard let options, let database = options.mode.database else { return nil }
    if let shared = options.sharedStore as? PostgresSharedStore {
        let made = try APIKeyStore.newKey(name: "tests", scopes: [.admin])
        try await PostgresSharedStore.createKey(made.record, at: shared.url, logger: Logger(label: "runtime-tests"))
        return made.key.text
    }
    return try APIKeyStore.create(database: database.path, name: "tests", scopes: [.admin]).key.text
}

/// Row counts straight from the SQLite file (after the server closed it).
func count(_ fixture: DistFixture, _ sql: String) throws -> Int64 {
    try rawInteger(fixture.database.path, sql) ?? -1
}
