import ServiceLifecycle

/// Brings other nodes' events into this node's models (shared learning, issue #21): a pull as
/// soon as another node's shipment commits (`SharedEventStore.listen`, PostgreSQL's
/// LISTEN/NOTIFY), and at least every `interval` in case a notification was lost (the
/// listening connection broke, or the shared store restarted).
struct PullerService: Service {
    let runtime: SitegenRuntime
    static let interval = Duration.seconds(1)

    func run() async throws {
        guard let shared = runtime.options.sharedStore, let store = runtime.store else {
            // Nothing to pull, but a service that returns ends the whole group: wait for shutdown.
            try? await gracefulShutdown()
            return
        }
        // Wake-ups that arrive during a round coalesce into one more round.
        let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await shared.listen(ignoring: store.outboxID) { wake.yield() } }
                group.addTask {
                    while !Task.isCancelled {
                        wake.yield()
                        try? await Task.sleep(for: Self.interval)
                    }
                }
                group.addTask {
                    for await _ in wakes {
                        // A full round means more may be waiting: pull again at once.
                        while !Task.isCancelled, await runtime.pullShared() == .full {}
                        // What was just pulled may be the decision a waiting conversion needs.
                        await runtime.joinPendingConversions()
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
    }
}
