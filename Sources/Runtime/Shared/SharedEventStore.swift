/// The database every node ships its events to (issue #21), as the runtime sees it. Runtime does
/// not link a PostgreSQL driver: the `SharedStore` target implements this and `sitegen serve`
/// injects it through `ServerOptions.sharedStore`, so a node without `--store` links and runs
/// exactly as before.
package protocol SharedEventStore: Sendable {
    /// The cookie-signing secret every node shares, read once at start (created by the first node
    /// that started). A cookie signed by one node is then honoured by all.
    var cookieSecret: [UInt8] { get }

    /// Inserts the batch in one transaction, skipping rows the database already has (decision ids
    /// and (decision, goal) pairs are unique there as well), and returns once it is committed.
    /// Throws when the database cannot be reached or refuses; nothing is then marked shipped.
    func ship(_ batch: ShipmentBatch) async throws

    /// The decision with this id as any node shipped it, nil when no node has. Throws when the
    /// database cannot be reached: the caller must not then treat the decision as unknown.
    func decision(id: String) async throws -> DecisionRecord?

    /// A round trip on the shipping connection: how an idle node learns whether the shared store
    /// is reachable (for `/healthz`). Throws when it is not.
    func ping() async throws

    /// Ends the connections (shutdown).
    func close() async
}
