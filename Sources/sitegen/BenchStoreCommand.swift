import ArgumentParser
import Foundation
import Runtime
import Tools

/// Hidden `sitegen bench-store`: the event store's throughput on this machine (scripts/bench-store).
struct BenchStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-store",
        abstract: "Measure the event store's write throughput (for scripts/bench-store).",
        discussion: """
            Writes synthetic impressions and conversions into a new database and prints events per
            second: buffered impressions until committed, conversions from concurrent callers (each
            answered after its commit, group-committed), and both at once. Use a release build.
            """,
        shouldDisplay: false)

    @Option(
        help: ArgumentHelp(
            "A database path that does not exist yet (default: a temporary file).",
            valueName: "path"))
    var db: String?

    @Option(help: "Impressions to record.")
    var decisions = 200_000

    @Option(help: "Conversions to record.")
    var conversions = 20_000

    @Option(help: "Concurrent conversion callers.")
    var concurrency = 64

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-bench-\(UUID().uuidString)")
        let path = db ?? folder.appendingPathComponent("bench.sqlite").path
        defer { if db == nil { try? FileManager.default.removeItem(at: folder) } }
        let figures = try await StoreBenchmark.run(
            path: path, decisions: decisions, conversions: conversions, concurrency: concurrency)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(figures), as: UTF8.self))
            return
        }
        print(
            """
            impressions: \(figures.decisions) recorded, \(Int(figures.decisionsPerSecond)) /s to committed \
            \
            (recordDecision: \(String(format: "%.0f", figures.cpuNanosecondsPerRecordDecision)) ns CPU, \
            \(String(format: "%.0f", figures.nanosecondsPerRecordDecision)) ns wall per call)
            conversions: \(figures.conversions) from \(figures.concurrency) callers, \
            \(Int(figures.conversionsPerSecond)) /s committed, in \(figures.conversionTransactions) transactions
            mixed:       \(Int(figures.mixedEventsPerSecond)) events/s (impressions + conversions at once)
            """)
    }
}
