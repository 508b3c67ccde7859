import ArgumentParser
import Foundation
import SiteGen

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start a site or a template from a working example.",
        discussion: """
            sitegen new site spring-menu        sites/spring-menu/ (and templates/starter/ if missing)
            sitegen new site spring-menu --template bistro
            sitegen new template poster         templates/poster/

            Names become URL segments: lowercase letters, digits and '-'. Nothing is ever \
            overwritten: an existing folder is an error and nothing is written.
            """,
        subcommands: [NewSite.self, NewTemplate.self])
}

struct NewSite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract:
            "Scaffold sites/<name>/: a site.yml with two variants, goals, QR placements and personalization, and two pages.",
        discussion: """
            The new site builds and serves at once:

              sitegen new site spring-menu
              sitegen preview                   look at it as different visitors
              sitegen check                     find mistakes before printing
              sitegen build && sitegen serve

            Without --template the site uses templates/starter/, which is created when it does not \
            exist yet. A --template that does not exist is an error (so that a typo does not make a \
            second template): create it first with `sitegen new template <name>`.
            """)

    @Argument(help: "Folder name and URL segment: /<name>/ on the server.")
    var name: String

    @Option(
        help: ArgumentHelp(
            "An existing folder under the templates folder; without it, starter (made when missing).",
            valueName: "template"))
    var template: String?

    @Option(help: "Folder holding one folder per site.")
    var sites = "sites"

    @Option(help: "Folder holding one folder per template.")
    var templates = "templates"

    func run() throws {
        do {
            let created = try Scaffolder.newSite(
                name, template: template, sites: URL(fileURLWithPath: sites),
                templates: URL(fileURLWithPath: templates))
            for folder in created.folders { print("created \(folder)/") }
            print(
                """

                Next:
                  edit \(sites)/\(name)/site.yml and \(sites)/\(name)/index.md
                  sitegen preview                  see /\(name)/ as different visitors, live
                  sitegen check                    every mistake, like a compiler
                  sitegen build && sitegen serve   http://localhost:8080/\(name)/
                """)
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}

struct NewTemplate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Scaffold templates/<name>/: page.mustache on a layout, header and footer partials, a stylesheet.",
        discussion: """
            page.mustache fills the `main` block of partials/layout.mustache ({{<layout}}…{{/layout}}), \
            which includes partials/header.mustache and partials/footer.mustache and links \
            assets/css/site.css through {{#asset}}…{{/asset}} (fingerprinted at build time). Point a \
            site at it with `template: <name>` in its site.yml.
            """)

    @Argument(help: "Folder name: lowercase letters, digits and '-'.")
    var name: String

    @Option(help: "Folder holding one folder per template.")
    var templates = "templates"

    func run() throws {
        do {
            let created = try Scaffolder.newTemplate(name, templates: URL(fileURLWithPath: templates))
            for folder in created.folders { print("created \(folder)/") }
            print(
                "\nUse it with `template: \(name)` in a site's site.yml, or `sitegen new site NAME --template \(name)`."
            )
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
