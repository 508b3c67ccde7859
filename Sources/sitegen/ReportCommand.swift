import ArgumentParser
import Foundation
import Runtime
import Tools

/// `sitegen report`: the results report, from the event database, read-only.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the results report: what is winning, for whom, how sure, and what each QR placement brings.",
        discussion: """
            Reads the event database that `sitegen serve` writes and writes one file per site into \
            --out (default report/): a self-contained HTML page (no script, no external request, \
            prints on A4), or the same numbers as JSON or CSV.

            impressions and conversions count what the policy learns from (no bots, no pinned \
            placements): the same figures as `sitegen stats --json`'s learnableImpressions and \
            conversions. Bots and pinned placements are their own columns.

            It only reads: it never creates, migrates or locks the database, so it can run while \
            the server is up. Databases of an older schema are read as they are (without \
            placements, scans and the sample-ratio check, which they did not record).

            Dates are UTC days (2026-11-03) or ISO 8601 instants; --to is exclusive.

            Examples:
              sitegen report --db data/sitegen.sqlite
              sitegen report --db data/sitegen.sqlite --site luna --format json --out /tmp/r
              sitegen report --from 2026-11-01 --to 2026-12-01
            """)

    @Option(help: ArgumentHelp("The event database written by `sitegen serve`.", valueName: "path"))
    var db = "data/sitegen.sqlite"

    @Option(help: ArgumentHelp("Only this site (default: every site in the database).", valueName: "id"))
    var site: String?

    @Option(help: ArgumentHelp("Start of the range, inclusive (UTC day or ISO 8601).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("End of the range, exclusive (UTC day or ISO 8601).", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("Folder for the files, one per site.", valueName: "dir"))
    var out = "report"

    @Option(help: ArgumentHelp("html, json or csv.", valueName: "format"))
    var format = "html"

    func validate() throws {
        guard ReportFiles.Format(rawValue: format) != nil else {
            throw ValidationError("--format must be html, json or csv, not '\(format)'.")
        }
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, ReportDates.parse(value) == nil {
                throw ValidationError("\(name) '\(value)' is not a date (write 2026-11-03 or 2026-11-03T14:00:00Z).")
            }
        }
    }

    func run() throws {
        let options = ReportFiles.Options(
            database: db, site: site, from: from.flatMap(ReportDates.parse), to: to.flatMap(ReportDates.parse),
            out: out, format: ReportFiles.Format(rawValue: format) ?? .html)
        // Errors are one line each (`ReportError`, `StoreError`), printed as ArgumentParser's "Error: …".
        for line in try ReportFiles.write(options) { print(line) }
    }
}
