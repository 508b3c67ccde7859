import Foundation
import XCTest

@testable import Runtime

/// A fresh folder per test; the database path inside it does not exist yet.
func makeStorePath(_ name: String = "events.sqlite") throws -> String {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("sitegen-store-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent("nested/\(name)").path
}

func sampleDecision(
    _ id: String, site: String = "luna", variant: String = "a", learn: Bool = true, pinned: Bool = false,
    features: [String: String] = ["device": "mobile", "country": "IT"], atMilliseconds: Int64 = 1_700_000_000_000
) -> DecisionRecord {
    DecisionRecord(
        id: id, site: site, variant: variant, propensity: 0.5, features: features, pinned: pinned, learn: learn,
        at: Date(timeIntervalSince1970: Double(atMilliseconds) / 1000))
}

func sampleConversion(
    _ decisionID: String, site: String = "luna", goal: String = "reserve", value: Double = 1,
    atMilliseconds: Int64 = 1_700_000_001_000
) -> ConversionRecord {
    ConversionRecord(
        decisionID: decisionID, site: site, goal: goal, value: value,
        at: Date(timeIntervalSince1970: Double(atMilliseconds) / 1000))
}

/// Runs a parameterless query on its own connection, for assertions about what is on disk.
func rawInteger(_ path: String, _ sql: String) throws -> Int64? {
    let db = try Database(path: path, mode: .readOnly)
    return try db.integer(sql, for: "test query")
}

func rawText(_ path: String, _ sql: String) throws -> [String] {
    let db = try Database(path: path, mode: .readOnly)
    let statement = try db.prepare(sql, for: "test query")
    var rows: [String] = []
    while try statement.step() { rows.append(statement.string(0)) }
    return rows
}

/// A switch that makes the store's inserts into `table` fail from inside SQLite, as a full or
/// failing disk would, until it is turned off. Works from a second connection, while the store runs.
struct SimulatedDiskFailure {
    let db: Database
    let table: String

    init(path: String, table: String) throws {
        db = try Database(path: path, mode: .readWriteCreate)
        self.table = table
        try db.execute("PRAGMA busy_timeout = 5000", for: "test: busy timeout")
        try db.execute("CREATE TABLE IF NOT EXISTS test_failing (name TEXT)", for: "test: switch table")
        try db.execute(
            """
            CREATE TRIGGER test_fail_\(table) BEFORE INSERT ON \(table)
            WHEN EXISTS (SELECT 1 FROM test_failing WHERE name = '\(table)')
            BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END
            """, for: "test: install failing trigger")
    }

    func set(failing: Bool) throws {
        let sql = failing ? "INSERT INTO test_failing VALUES ('\(table)')" : "DELETE FROM test_failing"
        try db.execute(sql, for: "test: flip failure switch")
    }
}
