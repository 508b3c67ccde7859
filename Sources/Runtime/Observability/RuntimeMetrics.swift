import Synchronization

/// Counters for `/metrics`. Requests are counted by route and status class in a fixed table of
/// atomics, so counting costs one relaxed add per request and no lock.
package final class RuntimeMetrics: Sendable {
    static let statusClasses = 5
    private let requests: AtomicTable
    let decisions = Atomic<Int>(0)
    let pinnedDecisions = Atomic<Int>(0)
    let botDecisions = Atomic<Int>(0)
    let conversions = Atomic<Int>(0)
    let duplicateConversions = Atomic<Int>(0)
    /// Browser-reported values lowered to their goal's cap: honest overshoots or inflation tries.
    let cappedValues = Atomic<Int>(0)
    /// Pixel postbacks whose click token credited nothing (forged, expired, another site's, or
    /// naming no recorded decision): the pixel answers them like good ones, so only this tells.
    let rejectedClicks = Atomic<Int>(0)
    let rateLimited = Atomic<Int>(0)
    /// API requests refused `401` or `403` (no key, an unknown or revoked one, the wrong scope).
    let authFailures = Atomic<Int>(0)
    /// API requests refused `429` because their client failed too often.
    let authRateLimited = Atomic<Int>(0)
    let reloads = Atomic<Int>(0)
    let failedReloads = Atomic<Int>(0)
    let snapshots = Atomic<Int>(0)
    /// Conversions answered `202` for another node's decision not shipped yet (`PendingJoins`),
    /// those joined to it since, and those dropped because it never came.
    let pendingJoins = Atomic<Int>(0)
    let joinedPending = Atomic<Int>(0)
    let expiredPending = Atomic<Int>(0)
    /// Raw decisions folded into per-day totals by retention.
    let foldedDecisions = Atomic<Int>(0)

    package init() {
        requests = AtomicTable(count: RouteKind.allCases.count * Self.statusClasses)
    }

    func count(_ route: RouteKind, status: Int) {
        let statusClass = min(max(status / 100, 1), 5) - 1
        requests.add(route.rawValue * Self.statusClasses + statusClass)
    }

    func requestCount(_ route: RouteKind, statusClass: Int) -> Int {
        requests.load(route.rawValue * Self.statusClasses + statusClass - 1)
    }
}

/// A fixed number of atomic integers. `Atomic` is non-copyable, so it cannot live in an Array;
/// this owns raw storage for them instead.
final class AtomicTable: @unchecked Sendable {
    // Safe to share: the pointer never changes after init and every access is atomic.
    private let storage: UnsafeMutablePointer<Atomic<Int>>
    let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        for i in 0..<count { (storage + i).initialize(to: Atomic(0)) }
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func add(_ index: Int) {
        storage[index].wrappingAdd(1, ordering: .relaxed)
    }

    func load(_ index: Int) -> Int {
        storage[index].load(ordering: .relaxed)
    }
}
