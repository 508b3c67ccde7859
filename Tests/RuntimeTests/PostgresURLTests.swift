import SharedStore
import XCTest

final class PostgresURLTests: XCTestCase {
    func testParsesTCPAndSocketFormsAndRedactsThePassword() throws {
        let tcp = try PostgresURL(parsing: "postgres://sitegen:s%40cret@db.internal:6543/events")
        XCTAssertEqual(tcp.user, "sitegen")
        XCTAssertEqual(tcp.password, "s@cret")
        XCTAssertEqual(tcp.endpoint, .tcp(host: "db.internal", port: 6543))
        XCTAssertEqual(tcp.database, "events")
        XCTAssertEqual(tcp.description, "postgres://sitegen:***@db.internal:6543/events")
        XCTAssertEqual("\(tcp)", "postgres://sitegen:***@db.internal:6543/events")

        let defaults = try PostgresURL(parsing: "postgresql://sitegen@127.0.0.1/events")
        XCTAssertNil(defaults.password)
        XCTAssertEqual(defaults.endpoint, .tcp(host: "127.0.0.1", port: 5432))
        XCTAssertEqual(defaults.description, "postgres://sitegen@127.0.0.1:5432/events")

        let socket = try PostgresURL(parsing: "postgres://sitegen@/events?host=/run/postgresql")
        XCTAssertEqual(socket.endpoint, .socket(path: "/run/postgresql/.s.PGSQL.5432"))

        let v6 = try PostgresURL(parsing: "postgres://u:p@[::1]:5433/d")
        XCTAssertEqual(v6.endpoint, .tcp(host: "::1", port: 5433))
        XCTAssertEqual(v6.target, "[::1]:5433/d")
    }

    func testErrorsNeverRepeatThePassword() {
        for text in [
            "mysql://u:hunter2@h/d", "postgres://u:hunter2@h:notaport/d", "postgres://u:hunter2@h/",
            "postgres://:hunter2@h/d", "postgres://u:hunter2@h/d?sslmode=allow", "postgres://u:hunter2@/d",
        ] {
            XCTAssertThrowsError(try PostgresURL(parsing: text), text) { error in
                let description = String(describing: error)
                XCTAssertTrue(description.contains("postgres://USER"), description)
                XCTAssertFalse(description.contains("hunter2"), description)
            }
        }
    }

    func testSSLModesAsLibpqNamesThem() throws {
        let base = "postgres://u:hunter2@db.internal/d"
        XCTAssertEqual(try PostgresURL(parsing: base).tls, .disable)
        XCTAssertEqual(try PostgresURL(parsing: base + "?sslmode=disable").tls, .disable)
        XCTAssertEqual(try PostgresURL(parsing: base + "?sslmode=prefer").tls, .prefer)
        XCTAssertEqual(try PostgresURL(parsing: base + "?sslmode=require").tls, .require)
        XCTAssertEqual(
            try PostgresURL(parsing: base + "?sslmode=verify-ca&sslrootcert=/etc/ca.pem").tls,
            .verify(rootCertificate: "/etc/ca.pem", hostname: false))
        XCTAssertEqual(
            try PostgresURL(parsing: base + "?sslrootcert=%2Fetc%2Fca.pem&sslmode=verify-full").tls,
            .verify(rootCertificate: "/etc/ca.pem", hostname: true))
        XCTAssertEqual(
            try PostgresURL(parsing: base + "?sslmode=verify-full").tls, .verify(rootCertificate: nil, hostname: true))
        // As in libpq: `require` with a root certificate checks the chain.
        XCTAssertEqual(
            try PostgresURL(parsing: base + "?sslmode=require&sslrootcert=/etc/ca.pem").tls,
            .verify(rootCertificate: "/etc/ca.pem", hostname: false))
        // Shown in the log line at start, the password still hidden.
        XCTAssertEqual(
            try PostgresURL(parsing: base + "?sslmode=verify-full&sslrootcert=/etc/ca.pem").description,
            "postgres://u:***@db.internal:5432/d?sslmode=verify-full&sslrootcert=/etc/ca.pem")

        for (text, reason) in [
            (base + "?sslmode=verify", "?sslmode= must be disable, prefer, require, verify-ca or verify-full"),
            (base + "?sslrootcert=/etc/ca.pem", "?sslrootcert= without ?sslmode=verify-ca or verify-full"),
            ("postgres://u:hunter2@/d?host=/run/postgresql&sslmode=require", "a Unix socket is not encrypted"),
        ] {
            XCTAssertThrowsError(try PostgresURL(parsing: text), text) { error in
                XCTAssertTrue(String(describing: error).contains(reason), "\(error)")
                XCTAssertFalse(String(describing: error).contains("hunter2"))
            }
        }
    }
}
