/// Other nodes' events from the shared store, each with the outbox it came from and its number
/// there (see `PullCursors`). Records carry `origin`, so stored here they are never shipped back.
package struct PulledEvents: Sendable {
    package struct Decision: Sendable {
        package let origin: String
        package let seq: Int64
        package let record: DecisionRecord

        /// `record` is stored with `origin` whatever it carried.
        package init(origin: String, seq: Int64, record: DecisionRecord) {
            self.origin = origin
            self.seq = seq
            var record = record
            record.origin = origin
            self.record = record
        }
    }

    package struct Conversion: Sendable {
        package let origin: String
        package let seq: Int64
        package let record: ConversionRecord
        /// The decision it joins, as shipped by whichever node made it (its `origin` set): imported
        /// first when this node does not have it yet, so the conversion can be learned at once.
        package let decision: DecisionRecord

        /// `record` is stored with `origin` whatever it carried.
        package init(origin: String, seq: Int64, record: ConversionRecord, decision: DecisionRecord) {
            self.origin = origin
            self.seq = seq
            var record = record
            record.origin = origin
            self.record = record
            self.decision = decision
        }
    }

    package var decisions: [Decision]
    package var conversions: [Conversion]
    /// Some outbox had a whole `limit` of rows: more may be waiting, pull again at once.
    package var full: Bool

    package init(decisions: [Decision], conversions: [Conversion], full: Bool) {
        self.decisions = decisions
        self.conversions = conversions
        self.full = full
    }

    package var isEmpty: Bool { decisions.isEmpty && conversions.isEmpty }
}
