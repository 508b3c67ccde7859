import Logging
import ServiceLifecycle

/// Checks for anomalies every `anomalyCheckInterval` and, with `--alert-webhook`, posts each one
/// that starts or ends. The checks also keep the `sitegen_anomaly_active` gauge current.
struct AlertService: Service {
    let runtime: SitegenRuntime

    func run() async throws {
        let (changes, queue) = AsyncStream.makeStream(
            of: AnomalyWatch.Change.self, bufferingPolicy: .bufferingNewest(1_000))
        let logger = runtime.logger
        let sending = runtime.options.alertWebhook.map { url in
            Task { await WebhookSender(url: url).run(changes, logger: logger) }
        }
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                for change in runtime.checkAnomalies() { queue.yield(change) }
                try await Task.sleep(for: runtime.options.anomalyCheckInterval)
            }
        }
        // Messages still waiting for a receiver are dropped: shutdown must not wait on the network.
        queue.finish()
        sending?.cancel()
        await sending?.value
    }
}
