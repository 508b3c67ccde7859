import Logging
import ServiceLifecycle

/// Saves model snapshots every `snapshotInterval` (sooner for a site that learned
/// `snapshotEveryEvents`), and on graceful shutdown flushes the store, snapshots and closes it.
/// Listed before the HTTP server in the service group, so it shuts down after the server stopped
/// accepting requests. Also logs the store's health when it changes.
struct SnapshotService: Service {
    let runtime: SitegenRuntime

    func run() async throws {
        let tick = Duration.milliseconds(500)
        // The loop is cancelled at graceful shutdown; the final flush and snapshot run after it.
        try? await cancelWhenGracefulShutdown {
            var sinceFull = Duration.zero
            while !Task.isCancelled {
                try await Task.sleep(for: tick)
                runtime.logStoreHealthChange()
                sinceFull += tick
                if sinceFull >= runtime.options.snapshotInterval {
                    sinceFull = .zero
                    await runtime.snapshotAll()
                } else {
                    await runtime.snapshot(runtime.sitesDueForSnapshot())
                }
            }
        }
        // A failed final flush ends the service with the error, and so the process non-zero.
        try await runtime.shutdown()
    }
}
