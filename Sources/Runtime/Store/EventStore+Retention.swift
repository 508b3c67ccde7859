import Foundation

extension EventStore {
    /// Folds what `policy` says is too old (or too much), a chunk per writer transaction, and
    /// returns how many decisions were folded. Requests keep being served and written between
    /// chunks; a chunk holds the writer for a few milliseconds.
    /// `shippedOnly`: a shared store is configured, so only what was shipped to it may be folded.
    package func applyRetention(
        _ policy: RetentionPolicy, now: Date = Date(), shippedOnly: Bool = false
    ) async throws(StoreError) -> Int {
        var folded = 0
        if let maxAge = policy.maxAge {
            folded += try await fold(
                before: now.addingTimeInterval(-maxAge).storeMilliseconds, shippedOnly: shippedOnly)
        }
        if let maxBytes = policy.maxBytes {
            while try usedBytes() > maxBytes, let oldest = try oldestDecisionMilliseconds() {
                // The oldest remaining day, up to the next UTC midnight.
                let count = try await fold(
                    before: EventFolder.dayStart(oldest) + 86_400_000, shippedOnly: shippedOnly)
                folded += count
                if count == 0 { break }  // what is left is not covered by a snapshot yet
            }
        }
        return folded
    }

    /// One pass over the decisions made before `cutoff` (milliseconds).
    private func fold(before cutoff: Int64, shippedOnly: Bool) async throws(StoreError) -> Int {
        var request = EventFolder.Request(cutoff: cutoff, after: 0, limit: Self.foldChunk, shippedOnly: shippedOnly)
        var folded = 0
        while true {
            let outcome = try await fold(request)
            folded += outcome.folded
            if outcome.finished { return folded }
            request.after = outcome.lastSeq
        }
    }

    /// Decisions looked at per writer transaction: a few milliseconds of writer time.
    static let foldChunk = 500
}
