import Foundation
import Synchronization

/// How many conversion requests one client may make: `burst` at once, refilled at `perSecond`.
package struct RateLimit: Sendable, Equatable {
    package var perSecond: Double
    package var burst: Double

    package init(perSecond: Double, burst: Double) {
        self.perSecond = perSecond
        self.burst = burst
    }

    /// A page has a handful of calls to action; 10/s with a burst of 20 never stops a person
    /// and caps a script hammering one decision.
    package static let conversions = RateLimit(perSecond: 10, burst: 20)
}

/// Token buckets keyed by client address. The table is pruned when it grows, dropping buckets
/// that have refilled completely (they carry no information), at most once a second: a bucket
/// refills in `burst / perSecond` seconds, so that bounds the table to a few seconds of distinct
/// clients without rescanning it on every request while many are active.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let limit: RateLimit
    private struct Table {
        var buckets: [String: Bucket] = [:]
        var lastPrune = -Double.infinity
    }

    private let table = Mutex(Table())
    private let clock: @Sendable () -> Double
    static let pruneThreshold = 10_000

    init(limit: RateLimit, clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.limit = limit
        self.clock = clock
    }

    /// Nil when allowed (a token is taken); otherwise the seconds until a token is back.
    func take(_ key: String) -> Double? {
        let now = clock()
        let limit = self.limit
        return table.withLock { table -> Double? in
            if table.buckets.count > Self.pruneThreshold, now - table.lastPrune >= 1 {
                table.lastPrune = now
                table.buckets = table.buckets.filter { _, bucket in
                    bucket.tokens + (now - bucket.updated) * limit.perSecond < limit.burst
                }
            }
            var bucket = table.buckets[key] ?? Bucket(tokens: limit.burst, updated: now)
            bucket.tokens = min(limit.burst, bucket.tokens + max(0, now - bucket.updated) * limit.perSecond)
            bucket.updated = now
            defer { table.buckets[key] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            guard limit.perSecond > 0 else { return 3600 }
            return (1 - bucket.tokens) / limit.perSecond
        }
    }
}
