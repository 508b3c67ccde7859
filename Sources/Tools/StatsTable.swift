import Runtime

/// The human table: one aligned row per site and variant, numbers right-aligned.
package enum StatsTable {
    package static func render(_ rows: [SiteStats]) -> String {
        guard !rows.isEmpty else { return "no events recorded yet\n" }
        // CONVERSIONS and RATE are over LEARNABLE impressions, as in `sitegen report`; bots and
        // pinned placements are their own columns.
        let header = ["SITE", "VARIANT", "IMPRESSIONS", "LEARNABLE", "BOTS", "PINNED", "CONVERSIONS", "RATE", "REWARD"]
        let body = rows.map { row in
            [
                printable(row.site), printable(row.variant), String(row.impressions), String(row.learnableImpressions),
                String(row.botImpressions), String(row.pinnedImpressions), String(row.conversions),
                String(format: "%.2f%%", row.conversionRate * 100),
                String(format: "%.2f", row.reward),
            ]
        }
        let widths = header.indices.map { column in
            ([header] + body).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                // Names read left-aligned, numbers right-aligned so their digits line up.
                return column < 2 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        return ([line(header)] + body.map(line)).joined(separator: "\n") + "\n"
    }

    /// Names come from stored events; control characters would rewrite the terminal, so show them escaped.
    package static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
