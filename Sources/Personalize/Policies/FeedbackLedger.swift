/// Decisions waiting for feedback: decision id → what was shown to whom, so that a conversion that
/// arrives later (and in any order) can be credited to the right variant and context.
///
/// The runtime keeps its decisions in SQLite; this in-memory ledger serves the simulator and tests.
/// It holds at most `capacity` pending decisions (the oldest are forgotten first: feedback that late
/// is dropped) and remembers as many resolved ids, to tell a repeated id from an unknown one.
package struct FeedbackLedger: Sendable {
    package struct Entry: Sendable, Equatable {
        package var variant: String
        package var features: [String: String]
        /// When the decision was made, in the caller's unit (seconds, or simulator rounds).
        package var time: Double

        package init(variant: String, features: [String: String], time: Double) {
            self.variant = variant
            self.features = features
            self.time = time
        }
    }

    package let capacity: Int
    private var pending: [String: Entry] = [:]
    private var pendingOrder = BoundedQueue()
    private var resolved: Set<String> = []
    private var resolvedOrder = BoundedQueue()

    package init(capacity: Int = 1_000_000) {
        self.capacity = max(1, capacity)
    }

    /// Pending decisions.
    package var count: Int { pending.count }

    /// Records a decision; an id already pending or already resolved throws `repeatedDecision`.
    package mutating func register(_ id: String, _ entry: Entry) throws(PersonalizeError) {
        guard pending[id] == nil, !resolved.contains(id) else { throw BanditErrors.repeatedDecision(id) }
        pending[id] = entry
        pendingOrder.push(id)
        while pending.count > capacity, let oldest = pendingOrder.pop() {
            pending[oldest] = nil
        }
        // Resolved ids linger in the order until popped; when they outnumber the pending ones,
        // drop them, so a ledger whose decisions do get feedback stays the size of what is pending.
        if pendingOrder.count > 2 * max(pending.count, 1024) {
            let pending = self.pending
            pendingOrder.keep { pending[$0] != nil }
        }
    }

    /// Ids the pending order still holds (pending ones plus resolved ones not yet dropped).
    var trackedOrderCount: Int { pendingOrder.count }

    /// Takes the decision's entry out; a second call for the same id throws `repeatedDecision`, an id
    /// never registered (or forgotten) throws `unknownDecision`. Nothing changes on error.
    package mutating func resolve(_ id: String) throws(PersonalizeError) -> Entry {
        guard let entry = pending.removeValue(forKey: id) else {
            throw resolved.contains(id) ? BanditErrors.repeatedDecision(id) : BanditErrors.unknownDecision(id)
        }
        resolved.insert(id)
        resolvedOrder.push(id)
        while resolved.count > capacity, let oldest = resolvedOrder.pop() {
            resolved.remove(oldest)
        }
        return entry
    }
}

/// FIFO of ids with amortised O(1) pops. Ids already resolved stay in `pendingOrder` until popped
/// or dropped by `keep`; popping them is harmless because removal is by key.
struct BoundedQueue: Sendable {
    private var items: [String] = []
    private var head = 0

    var count: Int { items.count - head }

    mutating func push(_ id: String) { items.append(id) }

    /// Keeps only the ids `isKept` accepts, in order.
    mutating func keep(_ isKept: (String) -> Bool) {
        items = items[head...].filter(isKept)
        head = 0
    }

    mutating func pop() -> String? {
        guard head < items.count else { return nil }
        let id = items[head]
        head += 1
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return id
    }
}
