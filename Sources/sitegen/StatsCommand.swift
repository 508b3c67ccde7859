import ArgumentParser
import Foundation
import Logging
import Runtime
import SharedStore
import Tools

/// `sitegen stats`: what the event database says, per site and variant. Read-only, so it is safe to run
/// beside a live `sitegen serve` (SQLite WAL readers never block the writer).
struct StatsCommand: AsyncParsableCommand {
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
              sitegen stats --store postgres://sitegen@db.internal/sitegen   (every node's events)
            """)

    @Option(name: .long, help: ArgumentHelp("The event database written by `sitegen serve`.", valueName: "path"))
    var db: String?

    @Option(
        help: ArgumentHelp(
            "Read the shared PostgreSQL store instead (every node's shipped events): postgres://USER[:PASSWORD]@HOST"
                + "[:PORT]/DB. Default: $SITEGEN_STORE when --db is not given.",
            valueName: "url"))
    var store: String?

    func validate() throws {
        if db != nil, store != nil { throw ValidationError("give --db or --store, not both") }
        if db == nil, try SharedStoreFlag.resolve(store) == nil {
            throw ValidationError("give --db <path> (this node's database) or --store postgres://… (every node's)")
        }
    }

    @Flag(name: .long, help: "Print JSON (sites, each with totals and variants) instead of a table.")
    var json = false

    func run() async throws {
        let rows: [SiteStats]
        let source: String
        if let db {
            rows = try EventStore.stats(databaseAt: db)
            source = db
        } else if let url = try SharedStoreFlag.resolve(store) {
            var logger = Logger(label: "sitegen.stats")
            logger.logLevel = .warning
            rows = try await PostgresSharedStore.stats(url, logger: logger)
            source = url.description
        } else {
            return
        }
        if json {
            print(try StatsReport(database: source, rows: rows).json())
        } else {
            print(StatsTable.render(rows), terminator: "")
        }
    }
}
