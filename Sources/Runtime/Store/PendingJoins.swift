import Foundation
import Synchronization

/// Conversions accepted (`202`) for a decision no node had shipped to the shared store yet: the
/// decision's node answers its page at once and ships within 200 ms, so a visitor converting on
/// another node in between would otherwise be refused. Kept in the node's database (`pending_joins`),
/// so a restart keeps them; retried until their decision arrives, then recorded like any
/// conversion and removed, or dropped once older than `ClickToken.lifetime` (no decision that old
/// can still arrive).
///
/// A connection of its own, like `sitegen keys`: these rows are rare (only conversions that race
/// their decision) and each is one short transaction, which the event writer waits for through
/// its busy timeout. Opened on first use, so a node without `--store` never opens it.
package final class PendingJoins: Sendable {
    private let path: String
    private let db = Mutex<Database?>(nil)

    init(path: String) {
        self.path = path
    }

    /// `body` on the connection, opened if this is its first use.
    private func withDatabase<T>(_ body: @Sendable (Database) throws(StoreError) -> T) throws(StoreError) -> T {
        try db.withLock { db throws(StoreError) in
            if let open = db { return try body(open) }
            let opened = try Database.openForWriting(path)
            db = opened
            return try body(opened)
        }
    }

    /// Keeps `conversion` until its decision arrives; a second one for the same (decision, goal)
    /// changes nothing (the beacon may fire twice).
    func add(_ conversion: ConversionRecord, receivedAt: Date) throws(StoreError) {
        try withDatabase { db throws(StoreError) in
            let insert = try db.prepare(
                "INSERT OR IGNORE INTO pending_joins (decision_id, goal, site, value, at, received_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", for: "keep a pending join")
            try insert.bind(1, conversion.decisionID)
            try insert.bind(2, conversion.goal)
            try insert.bind(3, conversion.site)
            try insert.bind(4, conversion.value)
            try insert.bind(5, conversion.at.storeMilliseconds)
            try insert.bind(6, receivedAt.storeMilliseconds)
            try insert.run()
        }
    }

    /// Every waiting conversion with when it arrived, oldest first.
    func all() throws(StoreError) -> [(conversion: ConversionRecord, receivedAt: Date)] {
        try withDatabase { db throws(StoreError) in
            let select = try db.prepare(
                "SELECT decision_id, goal, site, value, at, received_at FROM pending_joins ORDER BY received_at",
                for: "read pending joins")
            var rows: [(conversion: ConversionRecord, receivedAt: Date)] = []
            while try select.step() {
                let conversion = ConversionRecord(
                    decisionID: select.string(0), site: select.string(2), goal: select.string(1),
                    value: select.double(3), at: Date(storeMilliseconds: select.int64(4)))
                rows.append((conversion, Date(storeMilliseconds: select.int64(5))))
            }
            return rows
        }
    }

    /// Forgets one: it was recorded (or found recorded already), or it expired.
    func remove(_ conversion: ConversionRecord) throws(StoreError) {
        try withDatabase { db throws(StoreError) in
            let delete = try db.prepare(
                "DELETE FROM pending_joins WHERE decision_id = ? AND goal = ?", for: "remove a pending join")
            try delete.bind(1, conversion.decisionID)
            try delete.bind(2, conversion.goal)
            try delete.run()
        }
    }

    func close() {
        db.withLock { db in
            db?.close()
            db = nil
        }
    }
}
