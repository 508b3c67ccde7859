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
            "postgres://:hunter2@h/d", "postgres://u:hunter2@h/d?sslmode=require", "postgres://u:hunter2@/d",
        ] {
            XCTAssertThrowsError(try PostgresURL(parsing: text), text) { error in
                let description = String(describing: error)
                XCTAssertTrue(description.contains("postgres://USER"), description)
                XCTAssertFalse(description.contains("hunter2"), description)
            }
        }
    }
}
