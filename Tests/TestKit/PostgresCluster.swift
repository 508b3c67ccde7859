import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A throwaway PostgreSQL 15 server for the shared-store tests: its own data folder, socket folder
/// and loopback port, password authentication over TCP (so a wrong password is refused for real)
/// and trust over its Unix socket (which the helper's own `psql` uses). `remove()` stops it and
/// deletes everything. `initdb` refuses to run as root, so as root every server command runs as
/// the `postgres` user, in folders that user owns.
///
/// With `tls`, the server also accepts TLS with a self-signed certificate for 127.0.0.1
/// (`certificate`, made with `openssl` at start, also its own root).
///
/// Missing binaries (`make test-deps` installs them): skipped, or failed under `CI=true`.
package final class PostgresCluster: Sendable {
    package static let binaries = URL(fileURLWithPath: "/usr/lib/postgresql/15/bin")
    package let port: Int
    package let base: URL
    package let password = "sitegen-test-secret"
    private let asPostgres: Bool
    private let tls: Bool

    package var dataFolder: URL { base.appendingPathComponent("data") }
    /// The server's certificate (PEM) when it was started with `tls`.
    package var certificate: URL { base.appendingPathComponent("server.crt") }

    /// Initialises and starts a cluster (a few seconds).
    package init(tls: Bool = false) throws {
        self.tls = tls
        let initdb = Self.binaries.appendingPathComponent("initdb")
        guard FileManager.default.isExecutableFile(atPath: initdb.path) else {
            try Prerequisite.missing("PostgreSQL 15 is not installed (\(initdb.path)); run `make test-deps`")
        }
        asPostgres = geteuid() == 0
        base = URL(fileURLWithPath: "/tmp/sitegen-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        if asPostgres {
            guard getpwnam("postgres") != nil else {
                try Prerequisite.missing("running as root, and there is no `postgres` user to run PostgreSQL as")
            }
            try Self.run(URL(fileURLWithPath: "/bin/chown"), ["postgres:", base.path], as: false)
        }
        port = try Self.freePort()
        if tls { try makeCertificate() }
        try Self.run(
            initdb,
            [
                "-D", base.appendingPathComponent("data").path, "-U", "postgres", "--auth-local=trust",
                "--auth-host=scram-sha-256", "--no-sync",
            ], as: asPostgres)
        try start()
        try psql("ALTER USER postgres PASSWORD '\(password)'")
    }

    /// Starts the (stopped) server and waits until it accepts connections.
    package func start() throws {
        let key = base.appendingPathComponent("server.key").path
        let ssl = tls ? " -c ssl=on -c ssl_cert_file=\(certificate.path) -c ssl_key_file=\(key)" : ""
        try Self.run(
            Self.binaries.appendingPathComponent("pg_ctl"),
            [
                "-D", dataFolder.path, "-w", "-l", base.appendingPathComponent("server.log").path, "-o",
                "-p \(port) -k \(base.path) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50" + ssl,
                "start",
            ], as: asPostgres)
    }

    /// A self-signed certificate naming 127.0.0.1, and its key, which PostgreSQL reads only when
    /// its owner alone may (0600, owned by the server's user).
    private func makeCertificate() throws {
        let openssl = URL(fileURLWithPath: "/usr/bin/openssl")
        guard FileManager.default.isExecutableFile(atPath: openssl.path) else {
            try Prerequisite.missing("openssl is not installed (/usr/bin/openssl), needed for the TLS tests")
        }
        let key = base.appendingPathComponent("server.key").path
        try Self.run(
            openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate.path,
            ], as: false)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        if asPostgres {
            try Self.run(URL(fileURLWithPath: "/bin/chown"), ["postgres:", key, certificate.path], as: false)
        }
    }

    /// Stops the server at once (`-m fast`: open connections are closed).
    package func stop() throws {
        try Self.run(
            Self.binaries.appendingPathComponent("pg_ctl"), ["-D", dataFolder.path, "-m", "fast", "-w", "stop"],
            as: asPostgres)
    }

    /// Stops the server if it runs and deletes its folders.
    package func remove() {
        try? stop()
        try? FileManager.default.removeItem(at: base)
    }

    /// A new empty database.
    package func createDatabase(_ name: String) throws {
        try Self.run(
            Self.binaries.appendingPathComponent("createdb"),
            ["-h", base.path, "-p", "\(port)", "-U", "postgres", name],
            as: false)
    }

    /// The `--store` connection string for `database` over TCP.
    package func url(database: String, password: String? = nil) -> String {
        "postgres://postgres:\(password ?? self.password)@127.0.0.1:\(port)/\(database)"
    }

    /// Runs SQL through the socket and returns `psql -At`'s output, trimmed.
    @discardableResult
    package func psql(_ sql: String, database: String = "postgres") throws -> String {
        let psql = Self.binaries.appendingPathComponent("psql")
        let tool =
            FileManager.default.isExecutableFile(atPath: psql.path) ? psql : URL(fileURLWithPath: "/usr/bin/psql")
        return try Self.run(
            tool,
            [
                "-h", base.path, "-p", "\(port)", "-U", "postgres", "-d", database, "-At", "-v", "ON_ERROR_STOP=1",
                "-c", sql,
            ],
            as: false
        ).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A number from a one-value query.
    package func integer(_ sql: String, database: String) throws -> Int {
        let text = try psql(sql, database: database)
        guard let value = Int(text) else { throw ClusterFailure(description: "not a number from \(sql): \(text)") }
        return value
    }

    /// Runs `tool` and waits for it. With posix_spawn and waitpid rather than `Process`: `pg_ctl
    /// start` leaves the server running in the background, and it would inherit the descriptor
    /// `Process` watches for its child's end, so waiting for `pg_ctl` would wait for the server.
    @discardableResult
    private static func run(_ tool: URL, _ arguments: [String], as postgres: Bool) throws -> String {
        let argv =
            postgres ? ["/sbin/runuser", "-u", "postgres", "--", tool.path] + arguments : [tool.path] + arguments
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("pg-cmd-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else {
            throw ClusterFailure(description: "cannot start \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        // Exited normally with 0 (WIFEXITED and WEXITSTATUS, which Swift does not import).
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw ClusterFailure(
                description: "\(tool.lastPathComponent) \(arguments.joined(separator: " ")) failed "
                    + "(wait status \(status)): \(output)")
        }
        return output
    }

    /// A loopback port nothing listens on now (the kernel's pick).
    private static func freePort() throws -> Int {
        try LoopbackListener(listening: false).port
    }
}
