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

    static func insertDecisions(_ decisions: [DecisionRecord], node: String) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: decisions.count * 12)
        var rows: [String] = []
        rows.reserveCapacity(decisions.count)
        for decision in decisions {
            let first = bindings.count + 1
            rows.append("(" + (first..<first + 12).map { "$\($0)" }.joined(separator: ",") + ")")
            bindings.append(decision.id)
            bindings.append(node)
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
        }
        return PostgresQuery(
            unsafeSQL: """
                INSERT INTO decisions
                    (id, node, site, variant, propensity, features, pinned, learn, at, placement, source, probabilities)
                VALUES \(rows.joined(separator: ","))
                ON CONFLICT (id) DO NOTHING
                """, binds: bindings)
    }

    static func insertConversions(_ conversions: [ConversionRecord], node: String) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: conversions.count * 6)
        var rows: [String] = []
        rows.reserveCapacity(conversions.count)
        for conversion in conversions {
            let first = bindings.count + 1
            rows.append("(" + (first..<first + 6).map { "$\($0)" }.joined(separator: ",") + ")")
            bindings.append(conversion.decisionID)
            bindings.append(conversion.goal)
            bindings.append(conversion.site)
            bindings.append(conversion.value)
            bindings.append(conversion.at.storeMilliseconds)
            bindings.append(node)
        }
        return PostgresQuery(
            unsafeSQL: """
                INSERT INTO conversions (decision_id, goal, site, value, at, node)
                VALUES \(rows.joined(separator: ","))
                ON CONFLICT (decision_id, goal) DO NOTHING
                """, binds: bindings)
    }

    /// A row of `id, site, variant, propensity, features, pinned, learn, at, placement, source,
    /// probabilities`.
    static func decision(_ row: PostgresRow) throws -> DecisionRecord {
        let (id, site, variant, propensity, features, pinned, learn, at, placement, source, probabilities) =
            try row.decode(
                (
                    String, String, String, Double, String, Bool, Bool, Int64, String?, String?, ByteBuffer?
                ).self)
        guard let encoded = EncodedFeatures(storedJSON: features) else {
            throw UnreadableRow(detail: "decisions.features of \(id) is not sitegen's feature JSON")
        }
        return DecisionRecord(
            id: id, site: site, variant: variant, propensity: propensity, features: encoded, pinned: pinned,
            learn: learn, at: Date(storeMilliseconds: at), placement: placement, source: source,
            probabilities: probabilities.flatMap { ProbabilityVector.decode(Array(buffer: $0)) } ?? [])
    }
}
