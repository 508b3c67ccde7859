import Foundation

/// A policy's learned state for one site, and the event positions it already includes. Restart is
/// `latestSnapshot` + `replay(after:)`: events with a larger `seq` than these marks are applied again.
package struct Snapshot: Sendable, Equatable {
    package var site: String
    package var state: [UInt8]
    /// Highest `decisions.seq` included in `state` (0: none).
    package var lastDecisionSeq: Int64
    /// Highest `conversions.seq` included in `state` (0: none).
    package var lastConversionSeq: Int64
    package var at: Date

    package init(site: String, state: [UInt8], lastDecisionSeq: Int64, lastConversionSeq: Int64, at: Date) {
        self.site = site
        self.state = state
        self.lastDecisionSeq = lastDecisionSeq
        self.lastConversionSeq = lastConversionSeq
        self.at = Date(storeMilliseconds: at.storeMilliseconds)
    }
}

/// One learnable event, in the order it happened, for rebuilding a policy.
package enum ReplayEvent: Sendable, Equatable {
    /// An impression to learn from (`learn == true` only).
    case decision(DecisionRecord)
    /// A reward, with the decision it joins (whose variant and features the policy needs).
    case conversion(ConversionRecord, decision: DecisionRecord)
}
