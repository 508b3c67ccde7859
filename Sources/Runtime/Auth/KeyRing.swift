import Foundation
import Synchronization

/// The API keys a recording server accepts, kept in memory: the rows of `api_keys` not revoked,
/// read at start and again every `ServerOptions.keyReloadInterval` (`KeyRingService`), so `sitegen
/// keys create` and `revoke` take effect within seconds, without a restart. Without a shared
/// store they come from the node's database, read through a connection of the ring's own, never
/// the event store's reader (which conversions wait on) nor its writer; with one (`--store`) from
/// PostgreSQL only, so every node accepts the same keys, and a failed read keeps the keys read
/// before (an outage does not lock out their holders). Page requests never touch the ring.
package final class KeyRing: Sendable {
    private let keys: Mutex<[String: APIKeyRecord]>
    /// The node's database; nil when the keys come from the shared store.
    private let source: Mutex<ReadConnection?>

    /// Opens its connection and loads the keys. The database must exist and be migrated (the
    /// event store has opened it).
    init(database: String) throws(StoreError) {
        let db = try Database(path: database, mode: .readWriteCreate)
        try db.execute("PRAGMA busy_timeout = 5000", for: "set busy timeout")
        try db.execute("PRAGMA query_only = ON", for: "make key reader query-only")
        let connection = ReadConnection(db: db)
        let loaded = try connection.apiKeys(activeOnly: true)
        source = Mutex(connection)
        keys = Mutex(Self.byID(loaded))
    }

    /// The keys a shared store handed over; `replace` brings later ones.
    init(shared records: [APIKeyRecord]) {
        source = Mutex(nil)
        keys = Mutex(Self.byID(records))
    }

    /// Reads the active keys from the node's database again and swaps them in. Returns whether
    /// the set changed (a key added, revoked or deleted); false when the keys are the shared
    /// store's (`SitegenRuntime.reloadSharedKeys` reads those).
    @discardableResult
    package func reload() throws(StoreError) -> Bool {
        let loaded = try source.withLock { connection throws(StoreError) in try connection?.apiKeys(activeOnly: true) }
        guard let loaded else { return false }
        return replace(with: loaded)
    }

    /// Swaps in `records` as the active keys. Returns whether the set changed.
    func replace(with records: [APIKeyRecord]) -> Bool {
        let next = Self.byID(records)
        return keys.withLock { current in
            guard current != next else { return false }
            current = next
            return true
        }
    }

    /// How many keys open something now.
    package var count: Int { keys.withLock { $0.count } }

    /// The key `presented` is, when it is one of the active ones. Its shape is checked first,
    /// then its row found by the id it carries (ids are not secret: `sitegen keys list` shows
    /// them), then the SHA-256 of the whole text compared with the stored one in constant time.
    func verify(_ presented: Substring) -> APIKeyRecord? {
        guard let id = APIKey.id(of: presented), let record = keys.withLock({ $0[String(id)] }) else { return nil }
        return constantTimeEquals(APIKey.hash(presented), record.hash) ? record : nil
    }

    func close() {
        source.withLock { $0?.close() }
    }

    private static func byID(_ records: [APIKeyRecord]) -> [String: APIKeyRecord] {
        Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
