extension EventStore {
    /// The next committed events to ship: up to `limit` decisions and conversions after `marks`.
    package func unshipped(after marks: ShippedMarks, limit: Int, node: String) throws(StoreError) -> ShipmentBatch {
        try withReader { reader throws(StoreError) in
            ShipmentBatch(
                node: node, decisions: try reader.decisions(after: marks.decisionSeq, limit: limit),
                conversions: try reader.conversions(after: marks.conversionSeq, limit: limit))
        }
    }

    /// How many committed events wait to be shipped after `marks` (the lag `/healthz` and `/metrics` show).
    package func unshippedCounts(after marks: ShippedMarks) throws(StoreError) -> (decisions: Int, conversions: Int) {
        try withReader { reader throws(StoreError) in
            (
                try reader.count(.decisions, after: marks.decisionSeq),
                try reader.count(.conversions, after: marks.conversionSeq)
            )
        }
    }

    /// The marks as last committed to `meta` (0 each before anything was shipped).
    package func shippedMarks() throws(StoreError) -> ShippedMarks {
        try withReader { reader throws(StoreError) in try reader.shippedMarks() }
    }

    /// Records how far the shared store has committed, with the writer's next batch (not waited
    /// for: a mark lost to a crash only ships a batch again, which the shared store ignores).
    package func recordShippedMarks(_ marks: ShippedMarks) {
        recordMeta(ShippedMarks.decisionKey, Array(String(marks.decisionSeq).utf8))
        recordMeta(ShippedMarks.conversionKey, Array(String(marks.conversionSeq).utf8))
    }
}
