import Dispatch
import Foundation
import ServiceLifecycle

/// Reloads `dist/` on SIGHUP. Requests in flight finish on the deployment they started with.
struct HangupReloader: Service {
    let runtime: SitegenRuntime

    func run() async throws {
        signal(SIGHUP, SIG_IGN)
        let (hangups, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler { continuation.yield() }
        source.resume()
        defer { source.cancel() }
        await withGracefulShutdownHandler {
            for await _ in hangups.cancelOnGracefulShutdown() {
                runtime.logger.info("SIGHUP: reloading \(runtime.options.dist.path)")
                await runtime.reload()
            }
        } onGracefulShutdown: {
            continuation.finish()
        }
    }
}
