/// Input the statistics cannot work with. Each case names what was wrong so that a report can say
/// it in one line; none of them is raised by well-formed aggregates from the event store.
package enum StatisticsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A count, sum or parameter that must be finite and non-negative was not.
    case invalidValue(name: String, value: Double)
    /// More conversions than impressions for one variant.
    case conversionsExceedImpressions(conversions: Int, impressions: Int)
    /// Arrays that must line up (one entry per variant or action) have different lengths.
    case mismatchedLengths(name: String, expected: Int, actual: Int)
    /// An action index outside 0..<actionCount.
    case actionOutOfRange(action: Int, actionCount: Int)
    /// A credible or confidence level outside (0, 1).
    case invalidLevel(Double)

    package var description: String {
        switch self {
        case .invalidValue(let name, let value):
            return "invalid \(name): \(value) (must be finite and not negative)"
        case .conversionsExceedImpressions(let conversions, let impressions):
            return "\(conversions) conversions for \(impressions) impressions"
        case .mismatchedLengths(let name, let expected, let actual):
            return "\(name) has \(actual) entries where \(expected) were expected"
        case .actionOutOfRange(let action, let actionCount):
            return "action \(action) is outside 0..<\(actionCount)"
        case .invalidLevel(let level):
            return "level \(level) is not between 0 and 1"
        }
    }

    static func checkCount(_ value: Double, _ name: String) throws(StatisticsError) {
        guard value.isFinite, value >= 0 else { throw .invalidValue(name: name, value: value) }
    }

    static func checkLevel(_ level: Double) throws(StatisticsError) {
        guard level > 0, level < 1 else { throw .invalidLevel(level) }
    }
}
