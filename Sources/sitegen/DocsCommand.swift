import ArgumentParser
import Foundation
import SiteGen

/// For maintainers: regenerates the site.yml reference in docs/authoring.md from the schema.
struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Print the site.yml reference generated from the schema, or rewrite it in a document.",
        discussion: """
            sitegen docs                               print the Markdown table
            sitegen docs --write docs/authoring.md     replace the section between the markers
            """,
        shouldDisplay: false)

    @Option(help: ArgumentHelp("Rewrite the generated section of this Markdown file.", valueName: "file"))
    var write: String?

    func run() throws {
        guard let write else {
            print(SiteSchema.markdownReference(), terminator: "")
            return
        }
        let url = URL(fileURLWithPath: write)
        let document: String
        do {
            document = try String(contentsOf: url, encoding: .utf8)
        } catch {
            printError("\(write): cannot read: \(error.localizedDescription)")
            throw ExitCode.failure
        }
        do {
            let updated = try AuthoringDoc.updating(document)
            if updated == document {
                print("\(write) is up to date")
                return
            }
            try Data(updated.utf8).write(to: url)
            print("rewrote the site.yml reference in \(write)")
        } catch let error as AuthoringDoc.MarkersMissing {
            printError("\(write): \(error)")
            throw ExitCode.failure
        }
    }
}
