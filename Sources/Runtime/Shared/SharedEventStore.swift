/// The database every node ships its events to (issue #21), as the runtime sees it. Runtime does
/// not link a PostgreSQL driver: the `SharedStore` target implements this and `sitegen serve`
/// injects it through `ServerOptions.sharedStore`, so a node without `--store` links and runs
/// exactly as before.
package protocol SharedEventStore: Sendable {
    /// The cookie-signing secret every node shares, read once at start (created by the first node
    /// that started). A cookie signed by one node is then honoured by all.
    var cookieSecret: [UInt8] { get }

    /// Where the store is, for messages: `postgres://USER:***@HOST:PORT/DB`, never the password.
    var location: String { get }

    /// The API keys not revoked, read once at start with the cookie secret, so a node accepts
    /// them from its first request (`sitegen keys --store` keeps them here for every node).
    var apiKeysAtStart: [APIKeyRecord] { get }

    /// The API keys not revoked now (`KeyRingService` asks every `keyReloadInterval`). Throws
    /// when unreachable; the node then keeps the keys it read last.
    func activeAPIKeys() async throws -> [APIKeyRecord]

    /// Inserts the batch in one transaction, skipping rows the database already has (decision ids
    /// and (decision, goal) pairs are unique there as well), and returns once it is committed.
    /// Throws when the database cannot be reached or refuses; nothing is then marked shipped.
    /// Committing wakes the other nodes' `listen` (shared learning).
    func ship(_ batch: ShipmentBatch) async throws

    /// Other outboxes' events after `cursors`, up to `limit` per outbox and table, each outbox's in
    /// the order it shipped them; never `excluding`'s (this node's own). A conversion comes with
    /// its decision; an outbox's conversions stop before the first whose decision no node has
    /// shipped yet, so it is pulled once that decision is there. Throws when unreachable.
    func pull(after cursors: PullCursors, excluding origin: String, limit: Int) async throws -> PulledEvents

    /// Calls `wake` whenever another outbox than `own` has committed a shipment (and once on
    /// each (re)connection, in case one was missed), until the task is cancelled; reconnects
    /// after a failure. Polling stays the fallback for wake-ups lost meanwhile.
    func listen(ignoring own: String, _ wake: @escaping @Sendable () -> Void) async

    /// The decision with this id as any node shipped it, nil when no node has. Throws when the
    /// database cannot be reached: the caller must not then treat the decision as unknown.
    func decision(id: String) async throws -> DecisionRecord?

    /// A round trip on the shipping connection: how an idle node learns whether the shared store
    /// is reachable (for `/healthz`). Throws when it is not.
    func ping() async throws

    /// Ends the connections (shutdown).
    func close() async
}
