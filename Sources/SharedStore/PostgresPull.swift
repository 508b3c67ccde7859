import Foundation
import Logging
import PostgresNIO
import Runtime

/// The queries that bring other outboxes' events to a node (`SharedEventStore.pull`): for each
/// outbox in `origins` but the node's own, the rows after its cursor, through the
/// (origin, origin_seq) index, at most `limit` each.
enum PostgresPull {
    static func read(
        _ connection: PostgresConnection, after cursors: PullCursors, excluding own: String, limit: Int,
        logger: Logger
    ) async throws -> PulledEvents {
        let origins = cursors.positions.keys.sorted()
        let decisionSeqs = origins.map { cursors[$0].decisions }
        let conversionSeqs = origins.map { cursors[$0].conversions }
        var full = false

        var decisions: [PulledEvents.Decision] = []
        var perOrigin: [String: Int] = [:]
        let decisionRows = try await connection.query(
            """
            SELECT d.origin, d.origin_seq, \(unescaped: prefixed("d", PostgresShipment.decisionColumns))
            FROM origins o
            LEFT JOIN unnest(\(origins)::text[], \(decisionSeqs)::bigint[]) AS k(origin, seq) ON k.origin = o.origin
            CROSS JOIN LATERAL (
                SELECT * FROM decisions WHERE decisions.origin = o.origin AND origin_seq > coalesce(k.seq, 0)
                ORDER BY origin_seq LIMIT \(Int64(limit))) d
            WHERE o.origin <> \(own)
            ORDER BY d.origin, d.origin_seq
            """, logger: logger)
        for try await row in decisionRows {
            let cells = row.makeRandomAccess()
            let origin = try cells[0].decode(String.self)
            guard let record = try PostgresShipment.decision(cells, from: 2) else { continue }
            decisions.append(
                PulledEvents.Decision(origin: origin, seq: try cells[1].decode(Int64.self), record: record))
            perOrigin[origin, default: 0] += 1
        }
        full = full || perOrigin.values.contains(limit)

        var conversions: [PulledEvents.Conversion] = []
        perOrigin = [:]
        var waiting: Set<String> = []
        let conversionRows = try await connection.query(
            """
            SELECT c.origin, c.origin_seq, c.decision_id, c.site, c.goal, c.value, c.at,
                   \(unescaped: prefixed("d", PostgresShipment.decisionColumns))
            FROM origins o
            LEFT JOIN unnest(\(origins)::text[], \(conversionSeqs)::bigint[]) AS k(origin, seq) ON k.origin = o.origin
            CROSS JOIN LATERAL (
                SELECT * FROM conversions WHERE conversions.origin = o.origin AND origin_seq > coalesce(k.seq, 0)
                ORDER BY origin_seq LIMIT \(Int64(limit))) c
            LEFT JOIN decisions d ON d.id = c.decision_id
            WHERE o.origin <> \(own)
            ORDER BY c.origin, c.origin_seq
            """, logger: logger)
        for try await row in conversionRows {
            let cells = row.makeRandomAccess()
            let origin = try cells[0].decode(String.self)
            perOrigin[origin, default: 0] += 1
            // Its decision is not shipped yet (a conversion may ship before it, or join another
            // node's unshipped one): this outbox's conversions wait for it, in order.
            guard !waiting.contains(origin), let decision = try PostgresShipment.decision(cells, from: 7) else {
                waiting.insert(origin)
                continue
            }
            let record = ConversionRecord(
                decisionID: try cells[2].decode(String.self), site: try cells[3].decode(String.self),
                goal: try cells[4].decode(String.self), value: try cells[5].decode(Double.self),
                at: Date(storeMilliseconds: try cells[6].decode(Int64.self)))
            conversions.append(
                PulledEvents.Conversion(
                    origin: origin, seq: try cells[1].decode(Int64.self), record: record, decision: decision))
        }
        // A waiting outbox is not "full": pulling again at once would find the same gap.
        full = full || perOrigin.contains { $0.value == limit && !waiting.contains($0.key) }
        return PulledEvents(decisions: decisions, conversions: conversions, full: full)
    }

    /// `a, b` → `t.a, t.b`.
    private static func prefixed(_ table: String, _ columns: String) -> String {
        columns.split(separator: ",").map { "\(table).\($0.trimmingCharacters(in: .whitespaces))" }
            .joined(separator: ", ")
    }
}
