import Foundation

extension ReadConnection {
    /// Committed decisions made here after `seq`, in order. The single writer numbers rows in
    /// commit order and never reuses a number (retention keeps the newest row), so "after the
    /// mark" is exactly what has not been shipped. Rows pulled from other nodes (`origin` set)
    /// are never sent back.
    func decisions(after seq: Int64, upTo end: Int64, limit: Int) throws(StoreError)
        -> [(seq: Int64, record: DecisionRecord)]
    {
        let statement = try statement(
            """
            SELECT seq, \(StoreSQL.decisionColumns) FROM decisions
            WHERE seq > ? AND seq <= ? AND origin IS NULL ORDER BY seq LIMIT ?
            """, for: "read unshipped decisions")
        defer { statement.reset() }
        try statement.bind(1, seq)
        try statement.bind(2, end)
        try statement.bind(3, Int64(limit))
        var rows: [(seq: Int64, record: DecisionRecord)] = []
        while try statement.step() {
            rows.append((statement.int64(0), try statement.decision(from: 1)))
        }
        return rows
    }

    func conversions(after seq: Int64, upTo end: Int64, limit: Int) throws(StoreError)
        -> [(seq: Int64, record: ConversionRecord)]
    {
        let statement = try statement(
            """
            SELECT seq, decision_id, site, goal, value, at FROM conversions
            WHERE seq > ? AND seq <= ? AND origin IS NULL ORDER BY seq LIMIT ?
            """, for: "read unshipped conversions")
        defer { statement.reset() }
        try statement.bind(1, seq)
        try statement.bind(2, end)
        try statement.bind(3, Int64(limit))
        var rows: [(seq: Int64, record: ConversionRecord)] = []
        while try statement.step() {
            rows.append(
                (
                    statement.int64(0),
                    ConversionRecord(
                        decisionID: statement.string(1), site: statement.string(2), goal: statement.string(3),
                        value: statement.double(4), at: Date(storeMilliseconds: statement.int64(5)))
                ))
        }
        return rows
    }

    /// The highest `seq` of `table` committed (0 when empty).
    func lastSeq(_ table: ShippingTable) throws(StoreError) -> Int64 {
        let statement = try statement(
            "SELECT coalesce(max(seq), 0) FROM \(table.rawValue)", for: "read the last \(table.rawValue) seq")
        defer { statement.reset() }
        guard try statement.step() else { return 0 }
        return statement.int64(0)
    }

    /// Rows made here of `table` (decisions or conversions, our own constants) after `seq`.
    func count(_ table: ShippingTable, after seq: Int64) throws(StoreError) -> Int {
        let statement = try statement(
            "SELECT count(*) FROM \(table.rawValue) WHERE seq > ? AND origin IS NULL",
            for: "count unshipped \(table.rawValue)")
        defer { statement.reset() }
        try statement.bind(1, seq)
        guard try statement.step() else { return 0 }
        return Int(statement.int64(0))
    }

    /// The marks from `meta`; 0 for one never written.
    func shippedMarks() throws(StoreError) -> ShippedMarks {
        func mark(_ key: String) throws(StoreError) -> Int64 {
            try metaValue(key).flatMap { Int64(String(decoding: $0, as: UTF8.self)) } ?? 0
        }
        return ShippedMarks(
            decisionSeq: try mark(ShippedMarks.decisionKey), conversionSeq: try mark(ShippedMarks.conversionKey))
    }
}
