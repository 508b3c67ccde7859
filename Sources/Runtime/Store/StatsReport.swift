import Foundation

/// `sitegen stats` output, kept in the library so it is tested with the store.
///
/// The `--json` shape: stable keys, one object per site with its totals and its variants.
package struct StatsReport: Encodable, Sendable {
    package struct Variant: Encodable, Sendable {
        package let variant: String
        package let impressions: Int
        package let learnableImpressions: Int
        package let conversions: Int
        package let convertedImpressions: Int
        package let conversionRate: Double
        package let reward: Double
    }

    package struct Site: Encodable, Sendable {
        package let site: String
        package let impressions: Int
        package let conversions: Int
        package let reward: Double
        package let variants: [Variant]
    }

    package let database: String
    package let sites: [Site]

    package init(database: String, rows: [SiteStats]) {
        self.database = database
        var order: [String] = []
        var grouped: [String: [SiteStats]] = [:]
        for row in rows {
            if grouped[row.site] == nil { order.append(row.site) }
            grouped[row.site, default: []].append(row)
        }
        sites = order.map { site in
            let variants = grouped[site] ?? []
            return Site(
                site: site, impressions: variants.map(\.impressions).reduce(0, +),
                conversions: variants.map(\.conversions).reduce(0, +), reward: variants.map(\.reward).reduce(0, +),
                variants: variants.map {
                    Variant(
                        variant: $0.variant, impressions: $0.impressions, learnableImpressions: $0.learnableImpressions,
                        conversions: $0.conversions, convertedImpressions: $0.convertedImpressions,
                        conversionRate: $0.conversionRate, reward: $0.reward)
                })
        }
    }

    /// Pretty-printed with sorted keys, so output is stable for scripts and diffs.
    package func json() throws(StoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // A reward sum can overflow to infinity in principle; say so rather than fail.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        } catch {
            throw .invalidRecord(field: "stats report", reason: "\(error)")
        }
    }
}

/// The human table: one aligned row per site and variant, numbers right-aligned.
package enum StatsTable {
    package static func render(_ rows: [SiteStats]) -> String {
        guard !rows.isEmpty else { return "no events recorded yet\n" }
        let header = ["SITE", "VARIANT", "IMPRESSIONS", "LEARNABLE", "CONVERSIONS", "RATE", "REWARD"]
        let body = rows.map { row in
            [
                printable(row.site), printable(row.variant), String(row.impressions), String(row.learnableImpressions),
                String(row.conversions), String(format: "%.2f%%", row.conversionRate * 100),
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
