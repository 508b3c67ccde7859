import Foundation

extension Database {
    /// Creates the folders a database file at `path` needs.
    static func createFolder(for path: String) throws(StoreError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .file(
                operation: "create the database folder", path: folder, message: (error as NSError).localizedDescription)
        }
    }

    /// A connection that writes: the file created if missing, WAL, a busy timeout (another
    /// writer's transaction is waited for), `synchronous = FULL` (a commit survives power loss;
    /// group commit makes the fsync cheap), foreign keys on, migrated to the current schema
    /// (migrations check the version inside their transaction, so two openers at once is fine).
    /// The server's writer (`EventStore`) and `sitegen keys` (`APIKeyStore`) open theirs so.
    static func openForWriting(_ path: String) throws(StoreError) -> Database {
        let db = try Database(path: path, mode: .readWriteCreate)
        try db.execute("PRAGMA busy_timeout = 5000", for: "set busy timeout")
        let journal = try db.text("PRAGMA journal_mode = WAL", for: "enable WAL")
        guard journal?.lowercased() == "wal" else {
            throw .sqlite(
                operation: "enable WAL", code: 0, message: "journal mode stays \(journal ?? "unknown")", path: path)
        }
        try db.execute("PRAGMA synchronous = FULL", for: "set synchronous")
        try db.execute("PRAGMA foreign_keys = ON", for: "enable foreign keys")
        try Schema.migrate(db)
        return db
    }
}
