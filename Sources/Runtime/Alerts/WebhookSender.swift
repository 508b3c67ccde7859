import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Posts anomaly changes to the `--alert-webhook` URL as JSON, one message per change, in order,
/// retrying with back-off. It runs on its own task, fed through a stream, so a slow or dead
/// receiver never holds up a request or a check.
package struct WebhookSender: Sendable {
    package let url: String
    /// Tries per message; the waits between them double from `firstRetry`.
    package var attempts = 5
    package var firstRetry: Duration = .seconds(1)
    package var timeout: Duration = .seconds(10)

    package init(url: String) {
        self.url = url
    }

    /// Sends every message from `changes` until the stream ends (graceful shutdown).
    func run(_ changes: AsyncStream<AnomalyWatch.Change>, logger: Logger) async {
        for await change in changes {
            await deliver(change, logger: logger)
        }
    }

    /// Sends one message; logs and drops it after the last try (a receiver down for longer than
    /// the back-off must not make the queue grow without bound).
    func deliver(_ change: AnomalyWatch.Change, logger: Logger) async {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let body = try? encoder.encode(change) else { return }
        var wait = firstRetry
        for attempt in 1...attempts {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "sitegen-alerts")
            request.body = .bytes(ByteBuffer(bytes: body))
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .init(timeout))
                if (200..<300).contains(response.status.code) { return }
                logger.warning("alert webhook answered \(response.status.code) (try \(attempt) of \(attempts))")
            } catch {
                logger.warning("alert webhook failed: \(error) (try \(attempt) of \(attempts))")
            }
            guard attempt < attempts else { break }
            try? await Task.sleep(for: wait)
            wait *= 2
        }
        logger.error("alert for site \(change.site) (\(change.event.rawValue) \(change.kind.rawValue)) not delivered")
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
