import CSQLite

/// A prepared statement, reused across executions: `reset` + `bind` + `step`. Binding copies values
/// (SQLITE_TRANSIENT) and passes explicit byte lengths, so text containing NUL is stored verbatim.
final class Statement {
    private let database: Database
    /// Nil once finalized (every SQLite call then sees NULL, which it treats as a no-op or misuse).
    private var handle: OpaquePointer?
    let operation: String

    init(database: Database, sql: String, operation: String) throws(StoreError) {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw database.error(rc, during: "prepare \(operation)")
        }
        self.database = database
        self.handle = statement
        self.operation = operation
    }

    deinit { sqlite3_finalize(handle) }

    /// Releases the statement now rather than at deinit, so that closing its connection closes
    /// it at once (with statements alive, `sqlite3_close_v2` leaves a zombie that does the final
    /// checkpoint whenever the last statement happens to be freed, racing the next opener).
    func finalize() {
        sqlite3_finalize(handle)
        handle = nil
    }

    /// Clears the previous run's state and bindings so the statement can run again.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // Parameter indexes are 1-based, as in SQLite.

    func bind(_ index: Int32, _ value: String) throws(StoreError) {
        var value = value
        let rc = value.withUTF8 { bytes -> Int32 in
            // An empty buffer may have no address, and a NULL pointer would bind SQL NULL, not "".
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                return sqlite3_bind_text(handle, index, "", 0, sitegen_sqlite_transient())
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { chars in
                sqlite3_bind_text(handle, index, chars, Int32(bytes.count), sitegen_sqlite_transient())
            }
        }
        try check(rc, "bind text")
    }

    func bind(_ index: Int32, _ value: Int64) throws(StoreError) {
        try check(sqlite3_bind_int64(handle, index, value), "bind integer")
    }

    func bind(_ index: Int32, _ value: Double) throws(StoreError) {
        try check(sqlite3_bind_double(handle, index, value), "bind real")
    }

    func bind(_ index: Int32, _ value: Bool) throws(StoreError) {
        try bind(index, Int64(value ? 1 : 0))
    }

    func bind(_ index: Int32, optional value: String?) throws(StoreError) {
        guard let value else { return try bindNull(index) }
        try bind(index, value)
    }

    /// SQL NULL. Bound explicitly: a reset statement keeps its previous bindings.
    func bindNull(_ index: Int32) throws(StoreError) {
        try check(sqlite3_bind_null(handle, index), "bind null")
    }

    func bind(_ index: Int32, blob: [UInt8]) throws(StoreError) {
        let rc = blob.withUnsafeBytes { bytes -> Int32 in
            // A NULL pointer would bind SQL NULL; an empty state is an empty blob.
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_zeroblob(handle, index, 0) }
            return sqlite3_bind_blob(handle, index, base, Int32(bytes.count), sitegen_sqlite_transient())
        }
        try check(rc, "bind blob")
    }

    /// Advances to the next row; false when done. Errors carry the statement's operation name.
    func step() throws(StoreError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = database.error(rc, during: operation)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs a statement that returns no rows, then resets it for the next use.
    func run() throws(StoreError) {
        defer { reset() }
        while try step() {}
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    func bool(_ column: Int32) -> Bool { sqlite3_column_int64(handle, column) != 0 }

    /// Text by byte length, not as a C string, so embedded NULs survive.
    func string(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    func blob(_ column: Int32) -> [UInt8] {
        guard let bytes = sqlite3_column_blob(handle, column) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, column))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    /// The column's bytes without copying, valid until the next step or reset: for scans over
    /// millions of rows, where a `String` or `Array` per row would dominate the time.
    func rawBytes(_ column: Int32) -> UnsafeRawBufferPointer {
        // SQLite's order: the pointer first, then the length of what it points to.
        let bytes = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let bytes else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(start: bytes, count: count)
    }

    private func check(_ rc: Int32, _ what: String) throws(StoreError) {
        guard rc == SQLITE_OK else { throw database.error(rc, during: "\(what) for \(operation)") }
    }
}
