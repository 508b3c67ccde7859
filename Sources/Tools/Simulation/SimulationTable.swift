import Foundation
import Personalize

/// `sitegen simulate`'s output.
extension SimulationReport {
    /// An aligned plain-text table, one row per policy.
    package func table() -> String {
        let header = [
            "policy", "conversions", "reward", "% oracle", "regret", "× uniform", "decisions/s", "traffic share",
        ]
        var rows = [header]
        for r in results {
            rows.append([
                r.policy, String(r.conversions), Self.format(r.reward, 1), Self.format(r.percentOfOracle, 1),
                Self.format(r.regret, 1), Self.format(r.ratioToUniform, 3),
                r.decisionsPerSecond.map { String(Int($0.rounded())) } ?? "–",
                zip(variants, r.shares).map { "\($0) \(Int(($1 * 100).rounded()))%" }.joined(separator: " "),
            ])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        var out = "scenario \(scenario): \(rounds) rounds, seed \(seed)\n"
        for (i, row) in rows.enumerated() {
            let cells = row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                // Names and the share list read left-aligned; numbers right-aligned.
                return c == 0 || c == row.count - 1 ? cell + pad : pad + cell
            }
            out += cells.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
            if i == 0 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        return out
    }

    static func format(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
