import Foundation

/// A visitor reached a goal after a decision. One per decision and goal; `value` is the reward.
package struct ConversionRecord: Sendable, Codable, Equatable {
    package var decisionID: String
    package var site: String
    package var goal: String
    package var value: Double
    /// Millisecond precision, like `DecisionRecord.at`.
    package var at: Date
    /// Nil for a conversion recorded here; else the outbox of the node that recorded it (see
    /// `DecisionRecord.origin`).
    package var origin: String?

    package init(decisionID: String, site: String, goal: String, value: Double, at: Date, origin: String? = nil) {
        self.decisionID = decisionID
        self.site = site
        self.goal = goal
        self.value = value
        self.at = Date(storeMilliseconds: at.storeMilliseconds)
        self.origin = origin
    }
}

/// What happened to a conversion, known only once it is committed.
package enum ConversionResult: Sendable, Equatable {
    /// Stored durably; `decision` is the joined decision so the caller can teach the bandit.
    case recorded(decision: DecisionRecord)
    /// This decision already converted on this goal; nothing was stored.
    case duplicate
    /// No decision with that id for that site (forged, from another site, or never recorded).
    case unknownDecision
}
