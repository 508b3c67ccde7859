import Foundation
import NIOCore
import PostgresNIO
import Runtime

/// The statements that move a batch into PostgreSQL, and a decision row back out. Multi-row
/// inserts with bound parameters (never values spliced into SQL); `ON CONFLICT DO NOTHING` makes
/// shipping a batch twice (a mark lost to a crash, a retry after a timeout that did commit)
/// change nothing.
enum PostgresShipment {
    /// A row this sitegen cannot read back.
    struct UnreadableRow: Error, CustomStringConvertible {
        let detail: String
        var description: String { detail }
    }

    /// The outbox is listed once, so pulls find it (`origins`).
    static func registerOrigin(_ batch: ShipmentBatch) -> PostgresQuery {
        "INSERT INTO origins (origin, node) VALUES (\(batch.origin), \(batch.node)) ON CONFLICT (origin) DO NOTHING"
    }

    /// Delivered to every listening node when the shipment commits, not before.
    static func notify(_ batch: ShipmentBatch) -> PostgresQuery {
        "SELECT pg_notify(\(PostgresSchema.channel), \(batch.origin))"
    }

    static func insertDecisions(_ batch: ShipmentBatch) -> PostgresQuery {
        let columns = 14
        var bindings = PostgresBindings(capacity: batch.decisions.count * columns)
        var rows: [String] = []
        rows.reserveCapacity(batch.decisions.count)
        for (seq, decision) in batch.decisions {
            let first = bindings.count + 1
            rows.append("(" + (first..<first + columns).map { "$\($0)" }.joined(separator: ",") + ")")
            bindings.append(decision.id)
            bindings.append(batch.node)
            bindings.append(decision.site)
            bindings.append(decision.variant)
            bindings.append(decision.propensity)
            bindings.append(decision.encodedFeatures.json)
            bindings.append(decision.pinned)
            bindings.append(decision.learn)
            bindings.append(decision.at.storeMilliseconds)
            bindings.append(decision.placement)
            bindings.append(decision.source)
            if decision.probabilities.isEmpty {
                bindings.appendNull()
            } else {
                bindings.append(ByteBuffer(bytes: ProbabilityVector.encode(decision.probabilities)))
            }
            bindings.append(batch.origin)
            bindings.append(seq)
        }
        return PostgresQuery(
            unsafeSQL: """
                INSERT INTO decisions
                    (id, node, site, variant, propensity, features, pinned, learn, at, placement, source, probabilities,
                     origin, origin_seq)
                VALUES \(rows.joined(separator: ","))
                ON CONFLICT (id) DO NOTHING
                """, binds: bindings)
    }

    static func insertConversions(_ batch: ShipmentBatch) -> PostgresQuery {
        let columns = 8
        var bindings = PostgresBindings(capacity: batch.conversions.count * columns)
        var rows: [String] = []
        rows.reserveCapacity(batch.conversions.count)
        for (seq, conversion) in batch.conversions {
            let first = bindings.count + 1
            rows.append("(" + (first..<first + columns).map { "$\($0)" }.joined(separator: ",") + ")")
            bindings.append(conversion.decisionID)
            bindings.append(conversion.goal)
            bindings.append(conversion.site)
            bindings.append(conversion.value)
            bindings.append(conversion.at.storeMilliseconds)
            bindings.append(batch.node)
            bindings.append(batch.origin)
            bindings.append(seq)
        }
        return PostgresQuery(
            unsafeSQL: """
                INSERT INTO conversions (decision_id, goal, site, value, at, node, origin, origin_seq)
                VALUES \(rows.joined(separator: ","))
                ON CONFLICT (decision_id, goal) DO NOTHING
                """, binds: bindings)
    }

    /// What `decision(_:from:)` reads, in order.
    static let decisionColumns =
        "id, site, variant, propensity, features, pinned, learn, at, placement, source, probabilities, origin"

    /// `decisionColumns` read from `row` starting at column `first`; nil when they are all NULL
    /// (an outer join found no decision).
    static func decision(_ row: PostgresRandomAccessRow, from first: Int = 0) throws -> DecisionRecord? {
        guard let id = try row[first].decode(String?.self) else { return nil }
        let features = try row[first + 4].decode(String.self)
        guard let encoded = EncodedFeatures(storedJSON: features) else {
            throw UnreadableRow(detail: "decisions.features of \(id) is not sitegen's feature JSON")
        }
        return DecisionRecord(
            id: id, site: try row[first + 1].decode(String.self), variant: try row[first + 2].decode(String.self),
            propensity: try row[first + 3].decode(Double.self), features: encoded,
            pinned: try row[first + 5].decode(Bool.self), learn: try row[first + 6].decode(Bool.self),
            at: Date(storeMilliseconds: try row[first + 7].decode(Int64.self)),
            placement: try row[first + 8].decode(String?.self), source: try row[first + 9].decode(String?.self),
            probabilities: try row[first + 10].decode(ByteBuffer?.self).flatMap {
                ProbabilityVector.decode(Array(buffer: $0))
            } ?? [],
            origin: try row[first + 11].decode(String.self))
    }
}
