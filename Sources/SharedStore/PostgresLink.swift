import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// One PostgreSQL connection, opened when first needed and opened again after it failed: the
/// shipper and the decision lookups each keep one, so a shipping transaction never interleaves
/// with a lookup. Every use has a deadline, so a server that stops answering turns into an error
/// (503 for a conversion, a retry for the shipper) instead of a request that hangs.
actor PostgresLink {
    private let url: PostgresURL
    private let logger: Logger
    private let timeout: Duration
    private var connection: PostgresConnection?
    /// A connection being opened: callers arriving meanwhile wait for it instead of opening
    /// another (the actor lets them in while the first one waits for the server).
    private var opening: Task<PostgresConnection, any Error>?
    private var nextID = 1

    init(url: PostgresURL, logger: Logger, timeout: Duration = .seconds(5)) {
        self.url = url
        self.logger = logger
        self.timeout = timeout
    }

    /// Runs `body` on the connection (opening it if needed). Any failure closes the connection,
    /// so the next use starts from a fresh one; the error is mapped to a `SharedStoreError`.
    func run<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T
    ) async throws(SharedStoreError) -> T {
        do {
            let connection = try await open()
            let logger = self.logger
            return try await Self.withDeadline(timeout, closing: connection) { try await body(connection, logger) }
        } catch {
            if let connection {
                self.connection = nil
                try? await connection.close()
            }
            throw PostgresErrors.describe(error, url: url, operation: operation)
        }
    }

    func close() async {
        guard let connection else { return }
        self.connection = nil
        try? await connection.close()
    }

    private func open() async throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        if let opening { return try await opening.value }
        let id = nextID
        nextID += 1
        let (url, logger, timeout) = (self.url, self.logger, self.timeout)
        let task = Task { try await Self.connect(url, id: id, logger: logger, timeout: timeout) }
        opening = task
        defer { opening = nil }
        let opened = try await task.value
        connection = opened
        return opened
    }

    /// A new connection to `url`, given up after `timeout` (also for the listening connection,
    /// which is not a link: it waits, it does not run statements).
    static func connect(_ url: PostgresURL, id: Int, logger: Logger, timeout: Duration) async throws
        -> PostgresConnection
    {
        var configuration: PostgresConnection.Configuration
        switch url.endpoint {
        case .tcp(let host, let port):
            configuration = .init(
                host: host, port: port, username: url.user, password: url.password, database: url.database,
                tls: try tls(url.tls))
        case .socket(let path):
            configuration = .init(
                unixSocketPath: path, username: url.user, password: url.password, database: url.database)
        }
        configuration.options.connectTimeout = TimeAmount(timeout)
        return try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
    }

    /// postgres-nio's setting for `mode`. A root certificate file that cannot be read fails here,
    /// so at the start of `serve`. With an IP address for a host, `verify-full` checks that the
    /// certificate names that address (NIOSSL matches the peer's address when there is no name).
    private static func tls(_ mode: PostgresURL.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable:
            return .disable
        case .prefer, .require:
            configuration.certificateVerification = .none
        case .verify(let rootCertificate, let hostname):
            configuration.certificateVerification = hostname ? .fullVerification : .noHostnameVerification
            if let rootCertificate { configuration.trustRoots = .file(rootCertificate) }
        }
        let context = try NIOSSLContext(configuration: configuration)
        return mode == .prefer ? .prefer(context) : .require(context)
    }

    /// `body`'s result, or `DeadlineExceeded` after `limit`. A query waiting for the server does
    /// not end when its task is cancelled, so at the deadline the connection is closed, which
    /// fails it; the group can then finish.
    private static func withDeadline<T: Sendable>(
        _ limit: Duration, closing connection: PostgresConnection, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                try? await connection.close()
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw DeadlineExceeded(limit: limit)
            }
            return value
        }
    }
}
