/// How long other nodes' events took to be learned here: for each of the last `capacity` events
/// pulled, the time from when it happened on its node (`at`) to when this node learned it. It
/// includes the other node's outbox wait (up to the shipper's 200 ms), the wake-up and the pull,
/// and clock differences between machines.
package struct SyncLag: Sendable, Equatable {
    static let capacity = 4096
    private var seconds: [Double] = []
    private var next = 0

    package init() {}

    mutating func record(_ lag: Double) {
        if seconds.count < Self.capacity {
            seconds.append(lag)
        } else {
            seconds[next] = lag
        }
        next = (next + 1) % Self.capacity
    }

    package var count: Int { seconds.count }

    /// The `q` quantile (0...1) of the window, nil before any event was pulled.
    package func quantile(_ q: Double) -> Double? {
        guard !seconds.isEmpty else { return nil }
        let sorted = seconds.sorted()
        let rank = Int((q * Double(sorted.count - 1)).rounded(.up))
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}
