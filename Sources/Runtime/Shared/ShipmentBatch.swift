/// Committed local events on their way to the shared store, each with its local `seq`: the
/// shipper advances its marks to `through` only after the shared store committed them.
package struct ShipmentBatch: Sendable {
    package var node: String
    /// This node's outbox (`EventStore.outboxID`): the shared store numbers its rows per outbox,
    /// so other nodes can pull them in order (see `PullCursors`).
    package var origin: String
    package var decisions: [(seq: Int64, record: DecisionRecord)]
    package var conversions: [(seq: Int64, record: ConversionRecord)]
    /// The marks once this batch is committed: past its last rows, and past rows pulled from other
    /// nodes, which are never shipped, so the next read does not scan them again.
    package var through: ShippedMarks

    package init(
        node: String, origin: String, decisions: [(seq: Int64, record: DecisionRecord)],
        conversions: [(seq: Int64, record: ConversionRecord)], through: ShippedMarks
    ) {
        self.node = node
        self.origin = origin
        self.decisions = decisions
        self.conversions = conversions
        self.through = through
    }

    package var isEmpty: Bool { decisions.isEmpty && conversions.isEmpty }
}
