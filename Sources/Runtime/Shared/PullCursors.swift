/// How far this node has taken in other nodes' events: per outbox (`EventStore.outboxID`), the
/// last decision and conversion pulled, in that outbox's own numbering (its local `seq`).
///
/// Per outbox rather than one position in the shared store's arrival order: concurrent shipping
/// transactions commit in a different order than they drew numbers, so a single position could
/// pass a row that commits later. Each outbox ships one transaction at a time, in its own order,
/// so its rows become visible in order. Kept in the local `meta` table, written only after what
/// it covers is committed locally: a cursor lost to a crash only pulls rows again, which the
/// import skips.
package struct PullCursors: Sendable, Equatable {
    package struct Position: Sendable, Equatable {
        package var decisions: Int64 = 0
        package var conversions: Int64 = 0

        package init(decisions: Int64 = 0, conversions: Int64 = 0) {
            self.decisions = decisions
            self.conversions = conversions
        }
    }

    package var positions: [String: Position] = [:]

    package init(positions: [String: Position] = [:]) {
        self.positions = positions
    }

    package subscript(origin: String) -> Position {
        positions[origin] ?? Position()
    }

    mutating func advance(_ origin: String, decision seq: Int64) {
        positions[origin, default: Position()].decisions = max(self[origin].decisions, seq)
    }

    mutating func advance(_ origin: String, conversion seq: Int64) {
        positions[origin, default: Position()].conversions = max(self[origin].conversions, seq)
    }

    /// `meta` key.
    static let key = "pull-cursors"

    /// One line per outbox: `origin decisions conversions` (outbox ids are hex, without spaces).
    var encoded: [UInt8] {
        Array(
            positions.keys.sorted().map { origin in
                "\(origin) \(self[origin].decisions) \(self[origin].conversions)\n"
            }.joined().utf8)
    }

    /// Nil for text that is not `encoded`'s.
    init?(encoded bytes: [UInt8]) {
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 3, let decisions = Int64(parts[1]), let conversions = Int64(parts[2]) else {
                return nil
            }
            positions[String(parts[0])] = Position(decisions: decisions, conversions: conversions)
        }
    }
}
