import DistFormat
import Foundation
import Hummingbird
import Logging
import Runtime
import ServiceLifecycle
import SiteGen
import Synchronization

/// `sitegen preview` as a library: builds into a private folder, serves it through the real
/// runtime with recording off, rebuilds what changed and tells open tabs to reload.
package final class PreviewSession: Sendable {
    /// The preview bar keeps the simulated visitor in this cookie (a query string, URL-encoded).
    package static let cookieName = "sg_preview"

    package let options: PreviewOptions
    package let events = PreviewEvents()
    package let status = PreviewStatus()
    let logger: Logger
    private let report: @Sendable (String) -> Void
    private let runtimeSlot = Mutex<SitegenRuntime?>(nil)
    private let watcher: Mutex<SourceWatcher>
    private let group = Mutex<ServiceGroup?>(nil)
    let learned: LearnedModels?

    /// Builds once and loads the result. A failing first build is not fatal: the problems are
    /// shown in the browser until a save fixes them.
    package init(
        options: PreviewOptions, logger: Logger,
        report: @escaping @Sendable (String) -> Void = { print($0) }
    ) throws {
        self.options = options
        self.logger = logger
        self.report = report
        self.learned = options.learnedFrom.map(LearnedModels.init(database:))
        // Taken before the first build, so an edit made while it runs is not missed.
        self.watcher = Mutex(SourceWatcher(sites: options.sites, templates: options.templates))
        let started = ContinuousClock.now
        do throws(BuildFailure) {
            let built = try build(sites: nil)
            report(
                "built \(built.rebuilt.count + built.reused.count) site(s) in \(Self.milliseconds(since: started)) ms")
        } catch {
            fail(error.diagnostics)
            try Self.ensureLoadable(options.output)
        }
        let server = ServerOptions(
            dist: options.output, mode: .development(PreviewExtension(session: self)),
            host: options.host, port: options.port, reloadOnHangup: false,
            // The browser's event stream stays open and silent on its side for as long as the page is.
            readIdleTimeout: nil)
        let generation = status.beginLoad()
        let runtime = try SitegenRuntime(options: server, logger: logger)
        status.loaded(generation)
        try Self.checkForcedVariant(options.visitor.variant, in: runtime.live.deployment)
        runtimeSlot.withLock { $0 = runtime }
    }

    /// A forced variant must be one some site has: a typo would otherwise quietly let the policy
    /// pick, and the author would take its choice for theirs. (Not checkable before the build.)
    static func checkForcedVariant(_ variant: String?, in deployment: Deployment) throws(UnknownForcedVariant) {
        guard let variant, !deployment.sites.isEmpty else { return }
        let known = Set(deployment.sites.values.flatMap(\.variantIDs))
        guard known.contains(variant) else { throw UnknownForcedVariant(variant: variant, known: known.sorted()) }
    }

    package struct UnknownForcedVariant: Error, CustomStringConvertible {
        package let variant: String
        package let known: [String]
        package var description: String {
            "--as variant=\(variant): no site has that variant (variants: \(known.joined(separator: ", ")))"
        }
    }

    package var runtime: SitegenRuntime? { runtimeSlot.withLock { $0 } }

    /// Serves until SIGINT/SIGTERM (or `stop()`); `onServerRunning` gets the bound port.
    package func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        guard let runtime else { return }
        let port = options.port
        let app = SitegenServer.application(runtime: runtime) { channel in
            await onServerRunning(channel.localAddress?.port ?? port)
        }
        // Listed last so it stops first: closing the event streams lets the server drain.
        let serviceGroup = ServiceGroup(
            configuration: .init(
                services: [app, PreviewWatchService(session: self)], gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        group.withLock { $0 = serviceGroup }
        try await serviceGroup.run()
    }

    package func stop() async {
        events.closeAll()
        await group.withLock { $0 }?.triggerGracefulShutdown()
    }

    /// Checks the sources once; rebuilds and reloads when something changed. Returns nil when
    /// nothing changed, else whether the new build is being served.
    @discardableResult
    package func poll() async -> Bool? {
        var change = watcher.withLock { $0.poll() }
        if change.isEmpty { return nil }
        // An editor writing in place may be caught mid-save: build once the files hold still.
        for _ in 0..<20 {
            try? await Task.sleep(for: .milliseconds(15))
            let more = watcher.withLock { $0.poll() }
            if more.isEmpty { break }
            change.sites.formUnion(more.sites)
            change.templates = change.templates || more.templates
        }
        return await rebuild(sites: change.templates ? nil : change.sites)
    }

    /// Rebuilds `sites` (every site when nil), swaps the served deployment and pushes `reload`;
    /// on failure pushes `build-error` and keeps serving the previous build under the overlay.
    @discardableResult
    package func rebuild(sites: Set<String>?) async -> Bool {
        let started = ContinuousClock.now
        let wasFailing = !status.problems.isEmpty
        let built: BuildReport
        do throws(BuildFailure) {
            // After a failure every site is checked again: the broken one may not be the one saved.
            built = try build(sites: wasFailing ? nil : sites)
        } catch {
            fail(error.diagnostics)
            return false
        }
        let builtAt = ContinuousClock.now
        if !built.upToDate {
            guard let runtime else { return false }
            let generation = status.beginLoad()
            guard await runtime.reload() else {
                fail([
                    Diagnostic(
                        file: options.output.path,
                        "the runtime refused the new build (see the log above); restart `sitegen preview`")
                ])
                return false
            }
            status.loaded(generation)
        } else if !wasFailing {
            return true
        }
        status.succeeded()
        events.send("reload", data: PreviewMessage(build: status.servedGeneration, problems: []).json)
        let what = built.rebuilt.isEmpty ? "no site changed" : "rebuilt \(built.rebuilt.joined(separator: ", "))"
        report(
            "\(what) in \(Self.milliseconds(since: started)) ms (build \(Self.milliseconds(builtAt - started)) ms, "
                + "load \(Self.milliseconds(ContinuousClock.now - builtAt)) ms)")
        return true
    }

    private func build(sites: Set<String>?) throws(BuildFailure) -> BuildReport {
        try Builder.build(
            BuildOptions(
                sites: options.sites, templates: options.templates, output: options.output, incremental: true,
                only: sites))
    }

    private func fail(_ problems: [Diagnostic]) {
        status.failed(problems)
        for problem in problems { report(problem.description) }
        events.send("build-error", data: PreviewMessage(build: status.servedGeneration, problems: problems).json)
    }

    /// With no previous build to fall back on, an empty deployment is served under the overlay.
    private static func ensureLoadable(_ output: URL) throws {
        let manifest = output.appendingPathComponent(Manifest.fileName)
        guard !FileManager.default.fileExists(atPath: manifest.path) else { return }
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Manifest(buildID: "empty", sites: []).encoded().write(to: manifest)
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        milliseconds(ContinuousClock.now - start)
    }

    static func milliseconds(_ elapsed: Duration) -> Int {
        Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}

/// Polls the sources while the server runs; at shutdown ends every event stream first.
struct PreviewWatchService: Service {
    let session: PreviewSession

    func run() async throws {
        let interval = session.options.pollInterval
        await withGracefulShutdownHandler {
            await cancelWhenGracefulShutdown {
                let signal = ChangeSignal(
                    folders: [session.options.sites, session.options.templates], interval: interval)
                defer { signal.stop() }
                var lastHeartbeat = ContinuousClock.now
                for await _ in signal.wakeups() {
                    if Task.isCancelled { break }
                    await session.poll()
                    // Tabs that went away are only noticed when a write to them fails.
                    if ContinuousClock.now - lastHeartbeat >= .seconds(10) {
                        lastHeartbeat = .now
                        session.events.heartbeat()
                    }
                }
            }
        } onGracefulShutdown: {
            session.events.closeAll()
        }
    }
}
