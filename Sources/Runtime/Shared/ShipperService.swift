import Foundation
import ServiceLifecycle

/// Moves committed local events to the shared store every `interval`, one transaction per batch,
/// advancing the local marks only after the shared store committed (`SitegenRuntime.shipPending`).
/// While the shared store is unreachable the events wait in the local database (the outbox) and
/// requests are answered as usual; they drain once it is back.
///
/// Listed after `SnapshotService`, so at graceful shutdown it stops first, while the store is
/// still open: it flushes the store and ships what it can within `finalDrain`, and whatever is
/// left ships after the next start.
struct ShipperService: Service {
    let runtime: SitegenRuntime
    static let interval = Duration.milliseconds(200)
    static let finalDrain: TimeInterval = 3

    func run() async throws {
        guard runtime.options.sharedStore != nil, let store = runtime.store else {
            // Nothing to ship, but a service that returns ends the whole group: wait for shutdown.
            try? await gracefulShutdown()
            return
        }
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                // A full batch means more may be waiting: ship it at once.
                if await runtime.shipPending() != .full {
                    try await Task.sleep(for: Self.interval)
                }
            }
        }
        try? await store.flush()
        let deadline = Date().addingTimeInterval(Self.finalDrain)
        while Date() < deadline, await runtime.shipPending() == .full {}
    }
}
