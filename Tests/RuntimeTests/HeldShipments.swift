import Synchronization

@testable import Runtime

/// A shared store whose shipments fail while `held`, as if PostgreSQL were away for this node
/// alone: how a test keeps a node's decisions out of PostgreSQL for as long as it needs (the
/// race a real node has for up to 200 ms). Everything else goes to `base`.
final class HeldShipments: SharedEventStore {
    struct Held: Error {}

    let base: any SharedEventStore
    let held = Atomic<Bool>(true)

    init(_ base: any SharedEventStore) { self.base = base }

    var cookieSecret: [UInt8] { base.cookieSecret }
    var location: String { base.location }
    var apiKeysAtStart: [APIKeyRecord] { base.apiKeysAtStart }
    func activeAPIKeys() async throws -> [APIKeyRecord] { try await base.activeAPIKeys() }

    func ship(_ batch: ShipmentBatch) async throws {
        if held.load(ordering: .relaxed) { throw Held() }
        try await base.ship(batch)
    }

    func pull(after cursors: PullCursors, excluding origin: String, limit: Int) async throws -> PulledEvents {
        try await base.pull(after: cursors, excluding: origin, limit: limit)
    }

    func listen(ignoring own: String, _ wake: @escaping @Sendable () -> Void) async {
        await base.listen(ignoring: own, wake)
    }

    func decision(id: String) async throws -> DecisionRecord? { try await base.decision(id: id) }
    func ping() async throws { try await base.ping() }
    func close() async { await base.close() }
}
