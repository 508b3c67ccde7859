import ArgumentParser
import Foundation
import Logging
import Preview
import Runtime

/// `sitegen preview`: build, serve with a preview bar, rebuild on save, reload the tabs.
struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract:
            "Serve the sites as you edit them: live reload, a variant and visitor switcher, build errors in the page.",
        discussion: """
            Builds into .sitegen/preview/dist beside the sites folder (never dist/) and serves it \
            through the real runtime with recording off: no database is opened, nothing is learned. \
            Edits under the sites and templates folders are noticed within about 100 ms; only the \
            sites that changed are rendered again and every open tab reloads. A build error is \
            printed here and shown over the page until the file is fixed.

            The bar at the bottom of every page switches the variant (or lets the policy pick) and \
            the simulated visitor, and shows the policy's odds for that visitor. --as sets the \
            visitor to start from, e.g. --as country=FR,device=mobile,hour=19 (keys: device, \
            country, hour, weekday, source, variant).
            """)

    @Option(help: "Folder holding one folder per site.")
    var sites = "sites"

    @Option(help: "Folder holding one folder per template.")
    var templates = "templates"

    @Option(help: ArgumentHelp("Address to listen on.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("Port to listen on (0 picks a free one).", valueName: "n"))
    var port = 8080

    @Option(
        help: ArgumentHelp(
            "Show the odds production learned, read from this event database (never written).", valueName: "path"))
    var db: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("The simulated visitor.", valueName: "key=value,…"))
    var visitor = ""

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535, not \(port)")
        }
        if let db, !FileManager.default.isReadableFile(atPath: db) {
            throw ValidationError("--db: cannot read \(db)")
        }
        do {
            _ = try SimulatedVisitor(parsing: visitor)
        } catch {
            throw ValidationError("--as: \(error)")
        }
    }

    func run() async throws {
        let sitesURL = URL(fileURLWithPath: sites)
        let options = PreviewOptions(
            sites: sitesURL, templates: URL(fileURLWithPath: templates),
            output: PreviewOptions.defaultOutput(sites: sitesURL), host: host, port: port,
            visitor: try SimulatedVisitor(parsing: visitor), learnedFrom: db.map { URL(fileURLWithPath: $0) })
        var logger = Logger(label: "sitegen.preview")
        logger.logLevel = .warning
        // Unbuffered: the terminal (or a script reading the pipe) sees each line as it happens.
        let say: @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
        let session = try PreviewSession(options: options, logger: logger, report: say)
        try await session.run { port in
            say("preview on http://\(host):\(port)/ (Ctrl-C to stop)")
        }
    }
}
