/// How far the local outbox has been shipped: every decision and conversion with a `seq` at or
/// below these is committed in the shared store. Kept in the local `meta` table, written through
/// the store's single writer after the shared store committed; a mark written late only means a
/// batch is shipped again, which the shared store ignores.
package struct ShippedMarks: Sendable, Equatable {
    package var decisionSeq: Int64
    package var conversionSeq: Int64

    package init(decisionSeq: Int64, conversionSeq: Int64) {
        self.decisionSeq = decisionSeq
        self.conversionSeq = conversionSeq
    }

    /// `meta` keys.
    static let decisionKey = "shipped-decision-seq"
    static let conversionKey = "shipped-conversion-seq"
}
