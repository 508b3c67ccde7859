extension EventStore {
    /// The next committed events to ship: up to `limit` decisions and conversions made here after
    /// `marks`. When fewer than `limit` are waiting, `through` covers every row committed when the
    /// read began (pulled rows in between included); otherwise it stops at the last row read.
    package func unshipped(after marks: ShippedMarks, limit: Int, node: String) throws(StoreError) -> ShipmentBatch {
        try withReader { reader throws(StoreError) in
            // The ends first: a row committed after them is read next time, never skipped.
            let decisionEnd = try reader.lastSeq(.decisions)
            let conversionEnd = try reader.lastSeq(.conversions)
            let decisions = try reader.decisions(after: marks.decisionSeq, upTo: decisionEnd, limit: limit)
            let conversions = try reader.conversions(after: marks.conversionSeq, upTo: conversionEnd, limit: limit)
            let through = ShippedMarks(
                decisionSeq: decisions.count == limit ? decisions.last?.seq ?? marks.decisionSeq : decisionEnd,
                conversionSeq: conversions.count == limit
                    ? conversions.last?.seq ?? marks.conversionSeq : conversionEnd)
            return ShipmentBatch(
                node: node, origin: outboxID, decisions: decisions, conversions: conversions,
                through: ShippedMarks(
                    decisionSeq: max(marks.decisionSeq, through.decisionSeq),
                    conversionSeq: max(marks.conversionSeq, through.conversionSeq)))
        }
    }

    /// How many committed events made here wait to be shipped after `marks` (the lag `/healthz`
    /// and `/metrics` show).
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
