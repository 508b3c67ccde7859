import ArgumentParser
import Foundation
import Runtime
import Tools

/// `sitegen stats`: what the event database says, per site and variant. Read-only, so it is safe to run
/// beside a live `sitegen serve` (SQLite WAL readers never block the writer).
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show impressions, conversions and reward per site and variant.",
        discussion: """
            Reads the event database that `sitegen serve` writes and prints, for every site and variant:

              impressions  visits recorded, bots and pinned placements included
              learnable    impressions the bandit learns from (no bots, no pinned placements)
              bots, pinned the impressions left out of learnable, by kind
              conversions  learnable impressions that reached at least one goal
              rate         conversions / learnable (the same figures as `sitegen report`)
              reward       sum of the goals' values, every impression

            It only reads: it never creates, migrates or locks the database, so it can run while \
            the server is up (SQLite may add the -wal and -shm files a WAL database keeps beside it). Impressions reach the file within a few milliseconds of the visit; \
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
