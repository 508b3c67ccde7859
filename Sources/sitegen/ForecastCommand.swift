import ArgumentParser
import Foundation
import Insight
import Runtime
import Tools

/// `sitegen forecast`: scans (or revenue) ahead, with intervals, from the event database.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast each site's scans or revenue, with 80% and 95% intervals.",
        discussion: """
            Reads the event database that `sitegen serve` writes (read-only: safe while the server \
            runs) and forecasts every site's daily scans, or revenue, for the next days. The model \
            is chosen per site: exponential smoothing with a weekly season (additive or \
            multiplicative, damped trend or none) by AIC, or seasonal-naive or the mean for short \
            or flat histories. Holidays and one-off spikes are cleaned before fitting. The \
            intervals come from the model's own past errors at each step ahead, so a 95% interval \
            holds the real value about 95 days in 100. Only complete days are used: today is left \
            out until it ends.

            Scans are the site's QR scans (visits with src=qr), returning visitors included. Days are the site's own, in the \
            time zone its site.yml gives, when --dist holds its build.

            Examples:
              sitegen forecast --db data/sitegen.sqlite
              sitegen forecast --db data/sitegen.sqlite --site luna --horizon 28 --format csv
              sitegen forecast --db data/sitegen.sqlite --metric revenue --format json
            """)

    @Option(help: ArgumentHelp("The event database written by `sitegen serve`.", valueName: "path"))
    var db = "data/sitegen.sqlite"

    @Option(help: ArgumentHelp("The built dist/ whose manifest names each site's time zone.", valueName: "dir"))
    var dist = "dist"

    @Option(help: ArgumentHelp("Only this site (default: every site in the database).", valueName: "id"))
    var site: String?

    @Option(help: ArgumentHelp("Only this QR placement.", valueName: "id"))
    var placement: String?

    @Option(help: ArgumentHelp("Days (or hours, with --hourly) to forecast, 1 to 366.", valueName: "n"))
    var horizon = ForecastRequest.defaultHorizon

    @Option(help: ArgumentHelp("What to forecast: scans or revenue.", valueName: "metric"))
    var metric: ForecastMetric = .scans

    @Flag(help: "Forecast hour by hour instead of day by day.")
    var hourly = false

    @Option(help: ArgumentHelp("text, json or csv.", valueName: "format"))
    var format: OutputFormat = .text

    func validate() throws {
        guard (1...ForecastLimits.maxHorizon).contains(horizon) else {
            throw ValidationError("--horizon \(horizon): give 1 to \(ForecastLimits.maxHorizon)")
        }
        if placement != nil {
            throw ValidationError(
                "--placement: this database does not record placements yet (sitegen serve records them from the next release of the event schema)"
            )
        }
    }

    func run() throws {
        let histories = try SiteHistories(database: db, dist: URL(fileURLWithPath: dist))
        defer { histories.close() }
        var forecasts: [SiteForecast] = []
        var skipped: [String] = []
        for site in try histories.select(site) {
            guard
                let history = try histories.history(
                    site: site, metric: metric.activity, frequency: hourly ? .hourly : .daily, placement: placement)
            else {
                skipped.append("\(site): no complete \(hourly ? "hour" : "day") recorded yet")
                continue
            }
            let result = try Forecaster.forecast(series: history.series, horizon: horizon)
            forecasts.append(
                SiteForecast(
                    site: site, metric: metric.rawValue, answer: ForecastAnswer(result: result, series: history.series))
            )
        }
        for line in skipped { FileHandle.standardError.write(Data("\(line)\n".utf8)) }
        if forecasts.isEmpty && format == .text {
            print(histories.sites.isEmpty ? "no events recorded yet" : "nothing to forecast yet")
            return
        }
        print(try ForecastOutput.render(forecasts, format: format), terminator: "")
    }
}

/// What `sitegen forecast --metric` may name.
enum ForecastMetric: String, CaseIterable, ExpressibleByArgument {
    case scans, revenue

    var activity: ActivityMetric { self == .scans ? .scans : .revenue }
}

extension OutputFormat: ExpressibleByArgument {}
