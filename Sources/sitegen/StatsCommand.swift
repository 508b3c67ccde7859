import ArgumentParser
import Foundation
import Runtime

/// `sitegen stats`: what the event database says, per site and variant. Read-only, so it is safe to run
/// beside a live `sitegen serve` (SQLite WAL readers never block the writer).
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show impressions, conversions and reward per site and variant.",
        discussion: """
            Reads the event database that `sitegen serve` writes and prints, for every site and variant:

              impressions  visits recorded, bots and previews included
              learnable    impressions the bandit learns from (no bots, no previews)
              conversions  goals reached, at most one per visit and goal
              rate         conversions / impressions
              reward       sum of the goals' values

            It only reads: it never creates, migrates or locks the database, so it can run while \
            the server is up. Impressions reach the file within about 100 ms of the visit; \
            conversions before the server answers them.

            Examples:
              sitegen stats --db data/sitegen.sqlite
              sitegen stats --db data/sitegen.sqlite --json | jq '.sites[].variants[]'
            """)

    @Option(name: .long, help: ArgumentHelp("The event database written by `sitegen serve`.", valueName: "path"))
    var db: String

    @Flag(name: .long, help: "Print JSON (sites, each with totals and variants) instead of a table.")
    var json = false

    func run() throws {
        let rows = try EventStore.stats(databaseAt: db)
        if json {
            print(try StatsReport(database: db, rows: rows).json())
        } else {
            print(StatsTable.render(rows), terminator: "")
        }
    }
}

/// The `--json` shape: stable keys, one object per site with its totals and its variants.
struct StatsReport: Encodable {
    struct Variant: Encodable {
        let variant: String
        let impressions: Int
        let learnableImpressions: Int
        let conversions: Int
        let conversionRate: Double
        let reward: Double
    }

    struct Site: Encodable {
        let site: String
        let impressions: Int
        let conversions: Int
        let reward: Double
        let variants: [Variant]
    }

    let database: String
    let sites: [Site]

    init(database: String, rows: [SiteStats]) {
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
                        conversions: $0.conversions, conversionRate: $0.conversionRate, reward: $0.reward)
                })
        }
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// The human table: one aligned row per site and variant, numbers right-aligned.
enum StatsTable {
    static func render(_ rows: [SiteStats]) -> String {
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
        return ([line(header)] + body.map(line)).map { $0.replacingOccurrences(of: " +$", with: "",
                                                                             options: .regularExpression) }
            .joined(separator: "\n") + "\n"
    }

    /// Names come from stored events; control characters would rewrite the terminal, so show them escaped.
    static func printable(_ text: String) -> String {
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
