import ServiceLifecycle

/// Reads the API keys again every `keyReloadInterval`, so a running server accepts keys created
/// and refuses keys revoked since it started. Recording servers only.
struct KeyRingService: Service {
    let runtime: SitegenRuntime

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: runtime.options.keyReloadInterval)
                await runtime.refreshKeys()
            }
        }
        // The ring's connection is closed with the store, in `SitegenRuntime.shutdown`.
    }
}
