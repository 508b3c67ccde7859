import ArgumentParser

@main
struct SiteGenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "Build QR-code microsites ahead of time and serve each visitor the variant most likely to convert.",
        discussion: """
            Run it from a project folder that holds sites/ and templates/:

              sitegen build             compile every site × variant into dist/
              sitegen serve             serve dist/, personalised, learning from conversions
              sitegen stats --db PATH   what the visitors did, per site and variant
              sitegen simulate …        try bandit policies on a scenario before going live
            """,
        subcommands: [
            NewCommand.self, CheckCommand.self, BuildCommand.self, StatsCommand.self, BenchStoreCommand.self,
            DocsCommand.self,
        ])
}
