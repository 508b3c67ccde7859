import Foundation

extension ReadConnection {
    /// Streams one site's learnable events after the snapshot's marks, oldest first: decisions and
    /// conversions each in commit order, merged by time (a decision before a conversion at the same
    /// millisecond), inside one read transaction so the view is consistent.
    package func replay(site: String, after snapshot: Snapshot?, _ body: (ReplayEvent) throws -> Void) throws {
        try db.execute("BEGIN", for: "begin replay")
        defer { try? db.execute("COMMIT", for: "end replay") }

        let decisions = try db.prepare(StoreSQL.replayDecisions, for: "replay decisions")
        try decisions.bind(1, site)
        try decisions.bind(2, snapshot?.lastDecisionSeq ?? 0)
        let conversions = try db.prepare(StoreSQL.replayConversions, for: "replay conversions")
        try conversions.bind(1, site)
        try conversions.bind(2, snapshot?.lastConversionSeq ?? 0)

        var nextDecision = try decisions.step() ? try decisions.decision() : nil
        var nextConversion = try conversions.step() ? try Self.conversion(conversions) : nil
        while nextDecision != nil || nextConversion != nil {
            if let decision = nextDecision, nextConversion.map({ decision.at <= $0.0.at }) ?? true {
                try body(.decision(decision))
                nextDecision = try decisions.step() ? try decisions.decision() : nil
            } else if let (conversion, decision) = nextConversion {
                try body(.conversion(conversion, decision: decision))
                nextConversion = try conversions.step() ? try Self.conversion(conversions) : nil
            }
        }
    }

    private static func conversion(_ row: Statement) throws(StoreError) -> (ConversionRecord, DecisionRecord) {
        let conversion = ConversionRecord(
            decisionID: row.string(0), site: row.string(1), goal: row.string(2), value: row.double(3),
            at: Date(storeMilliseconds: row.int64(4)))
        return (conversion, try row.decision(from: 5))
    }
}
