import ArgumentParser
import Foundation
import SiteGen

struct CheckCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Find every mistake in sites and templates before anything is printed or deployed.",
        discussion: """
            Renders every page of every variant in memory (nothing is written to dist/) and reports \
            like a compiler, one finding per line:

              sites/luna/site.yml:4:1: error: unknown key 'timezon' in site.yml (did you mean 'timezone'?)
              templates/bistro/page.mustache:7:6: error: `{{subtitle}}` resolves to nothing (page …; variant patio)

            Errors (the build would fail or visitors would hit a dead end): site.yml keys and values, \
            front matter, template syntax, interpolations that resolve to nothing for some page × \
            variant, links and asset references in the rendered HTML that point nowhere, data-goal and \
            /<site>/_go/<goal>?to=… naming undeclared goals or destinations, QR contrast and quiet \
            zone, a logo larger than the error correction can repair, a QR code zbarimg cannot read \
            back, personalization settings, redirects that are not absolute http(s) URLs.

            Warnings: a variant rendering exactly like another, printed QR modules under 0.4 mm \
            (qr.size_mm), the decode round trip skipped because zbarimg is not installed.

            Exit status 1 when there is at least one error. --format json prints a JSON array of \
            {file, line, column, severity, message} on stdout for editors and CI; the summary goes \
            to stderr.
            """)

    @Option(help: "Folder holding one folder per site.")
    var sites = "sites"

    @Option(help: "Folder holding one folder per template.")
    var templates = "templates"

    @Option(help: "text: path:line:column: severity: message lines; json: one JSON array.")
    var format: Format = .text

    func run() throws {
        let report = Checker.check(
            CheckOptions(sites: URL(fileURLWithPath: sites), templates: URL(fileURLWithPath: templates)))
        switch format {
        case .text:
            if !report.diagnostics.isEmpty { print(report.text) }
            print(report.summary)
        case .json:
            print(try report.json())
            printError(report.summary)
        }
        if report.errors > 0 { throw ExitCode.failure }
    }
}
