import Foundation
import XCTest

@testable import Runtime

final class StoreSchemaTests: XCTestCase {
    func testCreatesFoldersAndMigratesFromEmpty() async throws {
        let path = try makeStorePath()
        let store = try EventStore(path: path)
        try await store.close()

        XCTAssertEqual(try rawInteger(path, "PRAGMA user_version"), Int64(Schema.currentVersion))
        XCTAssertEqual(try rawText(path, "PRAGMA journal_mode"), ["wal"])
        let tables = try rawText(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        XCTAssertEqual(
            tables,
            [
                "api_keys", "conversions", "daily_totals", "decisions", "meta", "pending_joins", "snapshots",
                "variant_hours", "visit_counts",
            ])
    }

    /// A database written by the first schema is upgraded in place when opened: rows kept,
    /// version bumped, the dropped index gone, replay still finds the decisions.
    func testVersionOneDatabaseIsMigratedInPlace() async throws {
        let path = try makeStorePath()
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            let db = try Database(path: path, mode: .readWriteCreate)
            for sql in Schema.migrations[0] { try db.execute(sql, for: "test: version 1 schema") }
            try db.execute("PRAGMA user_version = 1", for: "test: version 1")
            try db.execute(
                """
                INSERT INTO decisions (id, site, variant, propensity, features, pinned, learn, at)
                VALUES ('old', 'luna', 'a', 0.5, '{"device":"mobile"}', 0, 1, 1700000000000)
                """, for: "test: a version 1 row")
        }
        // Readable as it is (a reader never migrates).
        let stats = try EventStore.stats(databaseAt: path)
        XCTAssertEqual(stats.map(\.impressions), [1])
        XCTAssertEqual(try rawInteger(path, "PRAGMA user_version"), 1)

        let store = try EventStore(path: path)
        XCTAssertEqual(try rawInteger(path, "PRAGMA user_version"), Int64(Schema.currentVersion))
        let indexes = try rawText(
            path, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'decisions' AND sql IS NOT NULL")
        XCTAssertEqual(indexes, [])
        let found = try await store.decision(id: "old")
        XCTAssertEqual(found?.variant, "a")
        XCTAssertEqual(found?.features, ["device": "mobile"])
        var replayed: [ReplayEvent] = []
        try store.replay(site: "luna", after: nil) { replayed.append($0) }
        XCTAssertEqual(replayed.count, 1)
        try await store.close()
    }

    /// A version 2 database (before placements, probability vectors and visit counters) is read
    /// as it is, then upgraded in place: old rows keep NULLs, new rows carry everything.
    func testVersionTwoDatabaseIsMigratedInPlace() async throws {
        let path = try makeStorePath()
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            let db = try Database(path: path, mode: .readWriteCreate)
            for sql in Schema.migrations[0] + Schema.migrations[1] {
                try db.execute(sql, for: "test: version 2 schema")
            }
            try db.execute("PRAGMA user_version = 2", for: "test: version 2")
            try db.execute(
                """
                INSERT INTO decisions (id, site, variant, propensity, features, pinned, learn, at)
                VALUES ('old', 'luna', 'a', 0.5, '{"device":"mobile"}', 0, 1, 1700000000000)
                """, for: "test: a version 2 row")
        }
        XCTAssertEqual(try EventStore.stats(databaseAt: path).map(\.learnableImpressions), [1])
        XCTAssertEqual(try rawInteger(path, "PRAGMA user_version"), 2, "a reader never migrates")

        let store = try EventStore(path: path)
        XCTAssertEqual(try rawInteger(path, "PRAGMA user_version"), Int64(Schema.currentVersion))
        let old = try await store.decision(id: "old")
        XCTAssertEqual(old?.placement, nil)
        XCTAssertEqual(old?.probabilities, [])
        var fresh = sampleDecision("new")
        fresh.placement = "window"
        fresh.source = "qr"
        fresh.probabilities = [0.25, 0.75]
        store.recordDecision(fresh)
        store.countVisit(site: "luna", variant: "a", placement: "window", at: Date(), scan: true)
        try await store.flush()
        let stored = try await store.decision(id: "new")
        XCTAssertEqual(stored, fresh)
        try await store.close()
        XCTAssertEqual(
            try rawText(path, "SELECT placement || ':' || scans || ':' || views FROM visit_counts"), ["window:1:1"])
    }

    func testReopenKeepsDataAndSecret() async throws {
        let path = try makeStorePath()
        let first = try EventStore(path: path)
        let secret = first.secret()
        XCTAssertEqual(secret.count, 32)
        first.recordDecision(sampleDecision("d1"))
        try await first.close()

        let second = try EventStore(path: path)
        XCTAssertEqual(second.secret(), secret)
        let found = try await second.decision(id: "d1")
        XCTAssertEqual(found, sampleDecision("d1"))
        XCTAssertEqual(try rawInteger(path, "PRAGMA user_version"), Int64(Schema.currentVersion))
        try await second.close()
    }

    func testSecretsDifferBetweenDatabases() async throws {
        let a = try EventStore(path: try makeStorePath())
        let b = try EventStore(path: try makeStorePath())
        XCTAssertNotEqual(a.secret(), b.secret())
        try await a.close()
        try await b.close()
    }

    func testDatabaseFromTheFutureIsRejected() async throws {
        let path = try makeStorePath()
        try await EventStore(path: path).close()
        do {
            let db = try Database(path: path, mode: .readWriteCreate)
            try db.execute("PRAGMA user_version = 99", for: "test: pretend a newer sitegen wrote this")
        }

        XCTAssertThrowsError(try EventStore(path: path)) { error in
            XCTAssertEqual(
                error as? StoreError,
                .schemaTooNew(path: path, found: 99, supported: Schema.currentVersion))
            XCTAssertTrue("\(error)".contains("newer than this sitegen supports"), "\(error)")
        }
        XCTAssertThrowsError(try EventStore.stats(databaseAt: path)) { error in
            XCTAssertEqual(
                error as? StoreError, .schemaTooNew(path: path, found: 99, supported: Schema.currentVersion))
        }
    }

    func testReadOnlyStatsRefusesMissingAndForeignFiles() throws {
        let missing = try makeStorePath()
        XCTAssertThrowsError(try EventStore.stats(databaseAt: missing)) { error in
            XCTAssertEqual(
                error as? StoreError,
                .file(operation: "open the event database", path: missing, message: "no such file"))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing), "stats must not create a database")

        let folder = URL(fileURLWithPath: missing).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = folder.appendingPathComponent("notes.txt").path
        try Data("hello, this is not SQLite at all, just some text long enough".utf8).write(
            to: URL(fileURLWithPath: text))
        XCTAssertThrowsError(try EventStore.stats(databaseAt: text)) { error in
            guard case .notASitegenDatabase(let path, _) = error as? StoreError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(path, text)
        }

        let empty = folder.appendingPathComponent("empty.sqlite").path
        do { _ = try Database(path: empty, mode: .readWriteCreate).integer("PRAGMA user_version", for: "t") }
        XCTAssertThrowsError(try EventStore.stats(databaseAt: empty)) { error in
            XCTAssertEqual(
                error as? StoreError,
                .notASitegenDatabase(path: empty, reason: "no sitegen schema (user_version 0)"))
        }
    }
}
