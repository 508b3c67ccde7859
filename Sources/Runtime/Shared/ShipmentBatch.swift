/// Committed local events on their way to the shared store, each with its local `seq`: the
/// shipper advances its marks to the last ones only after the shared store committed them.
package struct ShipmentBatch: Sendable {
    package var node: String
    package var decisions: [(seq: Int64, record: DecisionRecord)]
    package var conversions: [(seq: Int64, record: ConversionRecord)]

    package init(
        node: String, decisions: [(seq: Int64, record: DecisionRecord)],
        conversions: [(seq: Int64, record: ConversionRecord)]
    ) {
        self.node = node
        self.decisions = decisions
        self.conversions = conversions
    }

    package var isEmpty: Bool { decisions.isEmpty && conversions.isEmpty }
}
