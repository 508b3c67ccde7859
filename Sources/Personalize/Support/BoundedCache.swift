import Synchronization

/// A thread-safe memo for values derived from request fields, with a hard size limit.
///
/// Request fields are hostile: a client varying them per request must not grow memory without
/// bound, so once `capacity` keys are held the cache starts over. Real traffic repeats its keys
/// (a few hundred User-Agents, contexts per hour), which refill it within moments.
///
/// The lookups are inlinable: the runtime's keys are its own types, and an unspecialised
/// generic lookup would hash them through witness tables on every request.
package final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    package let capacity: Int
    @usableFromInline let entries = Mutex<[Key: Value]>([:])

    package init(capacity: Int) {
        self.capacity = capacity
    }

    /// The cached value, or `make`'s, which is then cached. `make` runs outside the lock: two
    /// threads missing the same key at once both compute it, which is cheaper than making
    /// either wait.
    @inlinable
    package func value(for key: Key, orMake make: () -> Value) -> Value {
        if let known = cachedValue(for: key) { return known }
        let made = make()
        insert(made, for: key)
        return made
    }

    @inlinable
    package func cachedValue(for key: Key) -> Value? {
        entries.withLock { $0[key] }
    }

    @inlinable
    package func insert(_ value: Value, for key: Key) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
    }

    package var count: Int { entries.withLock { $0.count } }
}
