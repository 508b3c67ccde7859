/// Everything that can go wrong in the event store, with the operation that failed and, for SQLite
/// failures, SQLite's own message and result code, so that a log line says what and where.
package enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// SQLite returned an error. `operation` names what we were doing ("insert decision", "open"…).
    case sqlite(operation: String, code: Int32, message: String, path: String)
    /// The database was written by a newer sitegen; opening it could corrupt data it depends on.
    case schemaTooNew(path: String, found: Int32, supported: Int32)
    /// The file is not a sitegen database (for read-only tools that must not create or migrate one).
    case notASitegenDatabase(path: String, reason: String)
    /// A file-system step around the database failed (creating its folder, finding the file).
    case file(operation: String, path: String, message: String)
    /// A stored value could not be decoded back (a row written by something other than this store).
    case corruptRow(table: String, column: String, detail: String)
    /// A record that cannot be stored as given (a reward that is not a finite number, say).
    case invalidRecord(field: String, reason: String)
    /// The store was closed before the operation could run.
    case closed
    /// Another process (or store) is writing to this database.
    case inUse(path: String)
    /// The file at the database's path was deleted or replaced while open: what the store writes
    /// from then on would go to a file nobody will ever read. Final until a restart.
    case databaseReplaced(path: String, detail: String)
    /// The shared store (`--store`) could not answer a lookup that only it can answer.
    case sharedStoreUnreachable(detail: String)

    package var description: String {
        switch self {
        case .sqlite(let operation, let code, let message, let path):
            return "\(path): SQLite error \(code) during \(operation): \(message)"
        case .schemaTooNew(let path, let found, let supported):
            return "\(path): database schema version \(found) is newer than this sitegen supports "
                + "(\(supported)); use a newer sitegen or a different --db"
        case .notASitegenDatabase(let path, let reason):
            return "\(path): not a sitegen event database: \(reason)"
        case .file(let operation, let path, let message):
            return "\(path): cannot \(operation): \(message)"
        case .corruptRow(let table, let column, let detail):
            return "corrupt value in \(table).\(column): \(detail)"
        case .invalidRecord(let field, let reason):
            return "invalid \(field): \(reason)"
        case .closed:
            return "the event store is closed"
        case .inUse(let path):
            return "\(path): another sitegen serve is using this database (two servers on one database "
                + "would each learn half the traffic and overwrite each other's snapshots); stop it or use "
                + "a different --db"
        case .databaseReplaced(let path, let detail):
            return "\(path): the database file was \(detail) while serving; nothing more can be stored "
                + "(restart sitegen serve to open the file now at that path)"
        case .sharedStoreUnreachable(let detail):
            return "the shared store cannot be reached: \(detail)"
        }
    }
}
