import Foundation

/// A variant's learned figures, read inside one server's run and compared after the next one.
final class LearnedRow: @unchecked Sendable {
    private let lock = NSLock()
    private var figures: (conversions: Int?, reward: Double?) = (nil, nil)

    func set(_ row: [String: Any]) {
        lock.withLock { figures = (row["conversions"] as? Int, row["reward"] as? Double) }
    }

    var conversions: Int? { lock.withLock { figures.conversions } }
    var reward: Double? { lock.withLock { figures.reward } }
}
