import ArgumentParser
import Foundation
import SiteGen

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Compile every site and variant into ready-to-serve bundles, QR codes and a manifest.",
        discussion: """
            Each folder sites/<site>/ with a site.yml becomes dist/<site>/: one folder per variant \
            with every Markdown page rendered through its Mustache template (pretty URLs: menu.md → \
            menu/index.html), fingerprinted assets with .gz copies, QR codes as SVG and PNG, and \
            dist/manifest.json for `sitegen serve`.

            Sites whose inputs did not change are not rendered again. The new dist/ is assembled \
            beside the old one and swapped in whole: a failed build leaves the previous dist/ intact. \
            Errors are printed as path:line:column: message.
            """)

    @Option(help: "Folder holding one folder per site.")
    var sites = "sites"

    @Option(help: "Folder holding one folder per template.")
    var templates = "templates"

    @Option(help: "Where the bundles go; replaced whole on success.")
    var out = "dist"

    @Flag(help: "Render every site even when its inputs did not change.")
    var force = false

    func run() throws {
        let started = Date()
        let options = BuildOptions(
            sites: URL(fileURLWithPath: sites), templates: URL(fileURLWithPath: templates),
            output: URL(fileURLWithPath: out), incremental: !force)
        let report: BuildReport
        do {
            report = try Builder.build(options)
        } catch {
            for diagnostic in error.diagnostics {
                printError("\(diagnostic.location): \(diagnostic.message)")
            }
            throw ExitCode.failure
        }
        let seconds = Date().timeIntervalSince(started)
        if report.upToDate {
            print("\(out) is up to date (\(report.reused.count) sites unchanged, \(milliseconds(seconds)))")
            return
        }
        let sitesWord = report.rebuilt.count == 1 ? "site" : "sites"
        print(
            "built \(report.rebuilt.count) \(sitesWord)"
                + (report.reused.isEmpty ? "" : ", reused \(report.reused.count) unchanged")
                + " → \(out)/ (build \(report.manifest?.buildID ?? "?"), \(milliseconds(seconds)))")
        for line in report.siteSummaries { print("  " + line) }
    }
}

func milliseconds(_ seconds: TimeInterval) -> String {
    String(format: "%.0f ms", seconds * 1000)
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
