import Foundation

/// `sitegen keys`: creates, lists and revokes API keys in the event database.
///
/// Safe while `sitegen serve` runs on the same file. Its `<db>.lock` (`StoreLock`) keeps out a
/// second *learning* server, which would learn half the traffic and overwrite the first one's
/// snapshots; it is not what keeps writes apart. SQLite does that: in WAL mode one connection
/// writes at a time, and a key write is one row in a transaction of its own, over in
/// milliseconds, while the server's writer waits for it through its busy timeout (as this
/// connection waits for the server's batches through its own). So these commands take no lock
/// file: they open their own connection, write, and close it. The server sees the change at its
/// next key reload (`ServerOptions.keyReloadInterval`).
package enum APIKeyStore {
    /// What `revoke` found.
    package enum Revocation: Sendable, Equatable {
        case revoked(APIKeyRecord)
        /// Revoked before; nothing changed.
        case alreadyRevoked(APIKeyRecord)
    }

    /// Stores a fresh key with these scopes and returns it: the only time its text exists outside
    /// the caller's hands. Creates (and migrates) the database if needed, so keys can be made
    /// before the first `sitegen serve`.
    package static func create(
        database path: String, name: String?, scopes: Set<APIScope>, now: Date = Date()
    ) throws(APIKeyError) -> (key: APIKey, record: APIKeyRecord) {
        let (key, record) = try newKey(name: name, scopes: scopes, now: now)
        do throws(StoreError) {
            let db = try openForWriting(path)
            try db.transaction("create api key") { () throws(StoreError) in
                let insert = try db.prepare(
                    "INSERT INTO api_keys (\(ReadConnection.apiKeyColumns)) VALUES (?, ?, ?, ?, ?, NULL)",
                    for: "create api key")
                try insert.bind(1, record.id)
                try insert.bind(2, optional: record.name)
                try insert.bind(3, APIScope.joined(record.scopes))
                try insert.bind(4, blob: record.hash)
                try insert.bind(5, record.createdAt.storeMilliseconds)
                try insert.run()
            }
        } catch {
            throw .store(error)
        }
        return (key, record)
    }

    /// A fresh key and the record that stands for it, checked but not stored yet: every store
    /// (this file, or the shared PostgreSQL one) keeps the same record.
    package static func newKey(name: String?, scopes: Set<APIScope>, now: Date = Date()) throws(APIKeyError)
        -> (key: APIKey, record: APIKeyRecord)
    {
        if let name { try validate(name: name) }
        guard !scopes.isEmpty else { throw .noScope }
        let key = APIKey.generate()
        let record = APIKeyRecord(
            id: key.id, name: name, scopes: scopes, hash: key.hash,
            // As stored (milliseconds), so the record returned is the one `list` will show.
            createdAt: Date(storeMilliseconds: now.storeMilliseconds), revokedAt: nil)
        return (key, record)
    }

    /// Every key, revoked ones included, oldest first. Only reads: never creates, migrates or
    /// locks the database.
    package static func list(database path: String) throws(APIKeyError) -> [APIKeyRecord] {
        do throws(StoreError) {
            return try ReadConnection.openExisting(path: path).apiKeys(activeOnly: false)
        } catch {
            throw .store(error)
        }
    }

    /// Withdraws the key with this id; running servers refuse it from their next key reload.
    package static func revoke(database path: String, id: String, now: Date = Date()) throws(APIKeyError)
        -> Revocation
    {
        let found: Revocation?
        do throws(StoreError) {
            guard FileManager.default.fileExists(atPath: path) else {
                throw StoreError.file(operation: "open the event database", path: path, message: "no such file")
            }
            let db = try openForWriting(path)
            found = try db.transaction("revoke api key") { () throws(StoreError) -> Revocation? in
                let update = try db.prepare(
                    "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", for: "revoke api key")
                try update.bind(1, now.storeMilliseconds)
                try update.bind(2, id)
                try update.run()
                let revokedNow = db.changes > 0
                let record = try ReadConnection(db: db).apiKeys(activeOnly: false).first { $0.id == id }
                return record.map { revokedNow ? .revoked($0) : .alreadyRevoked($0) }
            }
        } catch {
            throw .store(error)
        }
        guard let found else { throw .unknownKey(id: id, storeFlag: "--db \(ShellWord.quoted(path))") }
        return found
    }

    /// A name is a label in a table: one line, printable, not too long.
    static func validate(name: String) throws(APIKeyError) {
        guard !name.isEmpty else { throw .invalidName("give a name, or leave --name out") }
        guard name.count <= 100 else { throw .invalidName("at most 100 characters, not \(name.count)") }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidName("no line breaks, tabs or other control characters")
        }
    }

    /// Its own connection, as `EventStore` opens its writer (a server's batch in progress is
    /// waited for).
    private static func openForWriting(_ path: String) throws(StoreError) -> Database {
        try Database.createFolder(for: path)
        return try Database.openForWriting(path)
    }
}
