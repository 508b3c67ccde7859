import ServiceLifecycle

/// Applies the retention policy every `retentionInterval`: raw events past their age, or beyond
/// the size limit, are folded into per-day totals (`EventStore.applyRetention`). A failure is
/// logged and tried again at the next interval; nothing is deleted that was not folded first.
struct RetentionService: Service {
    let runtime: SitegenRuntime

    func run() async throws {
        let policy = runtime.options.retention
        guard let store = runtime.store, policy.maxAge != nil || policy.maxBytes != nil else {
            // A service that returns ends the whole server (ServiceGroup), so one with nothing
            // to do waits for the shutdown like the others.
            try? await gracefulShutdown()
            return
        }
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: runtime.options.retentionInterval)
                await runtime.applyRetention(store: store)
            }
        }
    }
}

extension SitegenRuntime {
    /// One retention pass, logged and counted.
    func applyRetention(store: EventStore) async {
        do {
            let folded = try await store.applyRetention(
                options.retention, shippedOnly: options.sharedStore != nil)
            guard folded > 0 else { return }
            metrics.foldedDecisions.increment(by: Int64(folded))
            logger.info("retention: folded \(folded) old decisions into daily totals")
        } catch {
            logger.error("retention pass failed (tried again in \(options.retentionInterval)): \(error)")
        }
    }
}
