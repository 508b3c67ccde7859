import ArgumentParser

@main
struct SiteGenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract:
            "Build QR-code microsites ahead of time and serve each visitor the variant most likely to convert.",
        discussion: """
            Run it from a project folder that holds sites/ and templates/. A typical day:

              sitegen new site my-cafe          scaffold a site that builds at once
              sitegen preview                   see every variant as different visitors, live
              sitegen check                     find mistakes before they are printed
              sitegen build                     compile every site × variant into dist/
              sitegen serve                     serve dist/, personalised, learning from conversions
              sitegen keys create --scope read  an API key for /ml, /metrics and the reports
              sitegen stats --db PATH           what visitors did, per site and variant
              sitegen report --db PATH          what is winning, for whom, how sure (HTML, JSON, CSV)
              sitegen simulate --scenario F     compare bandit policies before going live
            """,
        subcommands: [
            NewCommand.self, PreviewCommand.self, CheckCommand.self, BuildCommand.self,
            ServeCommand.self, KeysCommand.self, StatsCommand.self, ReportCommand.self, ForecastCommand.self,
            AnomaliesCommand.self,
            SimulateCommand.self, DocsCommand.self,
            BenchStoreCommand.self,
        ])
}
