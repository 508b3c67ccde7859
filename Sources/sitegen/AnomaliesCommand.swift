import ArgumentParser
import Foundation
import Insight
import Runtime
import Tools

/// `sitegen anomalies`: drops, spikes and silent hours in each site's scans.
struct AnomaliesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anomalies",
        abstract: "Find drops, spikes and silent hours in each site's scans.",
        discussion: """
            Checks every site's hourly scans against what its own history predicts, hour of day \
            and day of week included, and lists each anomaly with its start, its end (or \
            'ongoing'), its kind (drop, spike, zero) and its size, e.g. "scans 92% below forecast \
            since Tue 14:00". A poster covered up or a misprinted code shows as a drop or as \
            silent hours when traffic was expected.

            A site needs 14 days of history first; before that it says it is still learning \
            instead of guessing. Reads the database read-only, so it is safe while the server runs.

            Examples:
              sitegen anomalies --db data/sitegen.sqlite
              sitegen anomalies --db data/sitegen.sqlite --since 2026-11-01 --format json
            """)

    @Option(help: ArgumentHelp("The event database written by `sitegen serve`.", valueName: "path"))
    var db = "data/sitegen.sqlite"

    @Option(help: ArgumentHelp("The built dist/ whose manifest names each site's time zone.", valueName: "dir"))
    var dist = "dist"

    @Option(help: ArgumentHelp("Only this site (default: every site in the database).", valueName: "id"))
    var site: String?

    @Option(
        help: ArgumentHelp(
            "Only anomalies still going on at or starting after this day (YYYY-MM-DD).", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("text, json or csv.", valueName: "format"))
    var format: OutputFormat = .text

    func validate() throws {
        if let since, sinceDate(since) == nil {
            throw ValidationError("--since '\(since)': give a day as YYYY-MM-DD")
        }
    }

    private func sinceDate(_ text: String) -> Date? {
        let day = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .current).year().month().day()
            .dateSeparator(.dash)
        return text.utf8.count == 10 ? try? day.parse(text) : nil
    }

    func run() throws {
        let histories = try SiteHistories(database: db, dist: URL(fileURLWithPath: dist))
        defer { histories.close() }
        let cutoff = since.flatMap(sinceDate)
        var checks: [SiteAnomalies] = []
        for site in try histories.select(site) {
            guard let history = try histories.history(site: site, metric: .scans, frequency: .hourly) else {
                checks.append(
                    SiteAnomalies(
                        site: site,
                        answer: AnomalyAnswer(
                            report: .stillLearning(daysOfHistory: 0, daysNeeded: 14), frequency: .hourly,
                            timeZone: .gmt)))
                continue
            }
            var report = try AnomalyDetector(frequency: .hourly).detect(series: history.series)
                .adding(try histories.rateCollapse(site: site))
            if let cutoff, case .checked(let anomalies, let model) = report {
                report = .checked(anomalies: anomalies.filter { ($0.end ?? .distantFuture) > cutoff }, model: model)
            }
            checks.append(
                SiteAnomalies(
                    site: site,
                    answer: AnomalyAnswer(report: report, frequency: .hourly, timeZone: history.series.timeZone)))
        }
        if checks.isEmpty && format == .text {
            print("no events recorded yet")
            return
        }
        print(try ForecastOutput.render(checks, format: format), terminator: "")
    }
}
