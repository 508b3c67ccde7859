import CSQLite

/// One SQLite connection. Not thread-safe by itself: the store gives each connection to exactly one
/// owner (the writer thread, or a mutex), and opens it with `SQLITE_OPEN_NOMUTEX` accordingly.
/// SQL is only ever run through prepared statements; values always travel as bound parameters.
final class Database {
    let path: String
    private(set) var handle: OpaquePointer?

    enum Mode {
        /// Creates the file if needed; the event store's own connections.
        case readWriteCreate
        /// Never creates or writes; `sitegen stats` while a server runs.
        case readOnly
    }

    init(path: String, mode: Mode) throws(StoreError) {
        self.path = path
        var flags = SQLITE_OPEN_NOMUTEX
        switch mode {
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        }
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        handle = db
        guard rc == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(db)
            handle = nil
            throw .sqlite(operation: "open", code: rc, message: message, path: path)
        }
        // Extended codes tell SQLITE_CONSTRAINT_UNIQUE from other failures in messages.
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        // close_v2 defers the close until every statement is finalized, so field order does not matter.
        sqlite3_close_v2(handle)
    }

    func close() {
        sqlite3_close_v2(handle)
        handle = nil
    }

    func prepare(_ sql: String, for operation: String) throws(StoreError) -> Statement {
        guard handle != nil else { throw .closed }
        return try Statement(database: self, sql: sql, operation: operation)
    }

    /// Runs a statement that takes no parameters (pragmas, DDL, BEGIN/COMMIT), discarding any rows.
    func execute(_ sql: String, for operation: String) throws(StoreError) {
        let statement = try prepare(sql, for: operation)
        while try statement.step() {}
    }

    /// First column of the first row of a parameterless query, as an integer (pragmas, counts).
    func integer(_ sql: String, for operation: String) throws(StoreError) -> Int64? {
        let statement = try prepare(sql, for: operation)
        // Reset now: a statement left mid-result blocks COMMIT until it is finalized.
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int64(0)
    }

    /// First column of the first row of a parameterless query, as text.
    func text(_ sql: String, for operation: String) throws(StoreError) -> String? {
        let statement = try prepare(sql, for: operation)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.string(0)
    }

    func transaction<T>(
        _ operation: String, immediate: Bool = true, _ body: () throws(StoreError) -> T
    ) throws(StoreError) -> T {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN", for: "begin \(operation)")
        do {
            let value = try body()
            try execute("COMMIT", for: "commit \(operation)")
            return value
        } catch {
            // The original error matters more than a failed rollback (which SQLite also does itself
            // for most fatal errors).
            try? execute("ROLLBACK", for: "roll back \(operation)")
            throw error
        }
    }

    var changes: Int32 { sqlite3_changes(handle) }
    var lastInsertRowid: Int64 { sqlite3_last_insert_rowid(handle) }

    func error(_ code: Int32, during operation: String) -> StoreError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        return .sqlite(operation: operation, code: code, message: message, path: path)
    }
}
