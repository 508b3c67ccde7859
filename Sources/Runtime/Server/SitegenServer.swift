import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// `sitegen serve` as a library call: load, listen, reload on SIGHUP, and on SIGTERM/SIGINT stop
/// accepting, flush the store, snapshot the models and return.
package enum SitegenServer {
    /// The Hummingbird application for a runtime: also what in-process tests drive.
    package static func application(
        runtime: SitegenRuntime, onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        // The shipper after the snapshots: it stops first at shutdown, while the store is open;
        // the puller stops before both.
        var services: [any Service] = [
            SnapshotService(runtime: runtime), ShipperService(runtime: runtime), PullerService(runtime: runtime),
        ]
        if runtime.options.reloadOnHangup { services.append(HangupReloader(runtime: runtime)) }
        if runtime.options.mode.isRecording {
            services.append(AlertService(runtime: runtime))
            services.append(RetentionService(runtime: runtime))
            services.append(KeyRingService(runtime: runtime))
        }
        // A development server's extension must see every request, so only a recording server
        // answers pages before Hummingbird.
        let fastPath = runtime.options.mode.isRecording ? runtime : nil
        let options = runtime.options
        // Head and body deadlines need the fast paths, which tell where a head or body ends.
        let deadlines = ConnectionDeadlines.Limits(
            idle: options.readIdleTimeout.map { TimeAmount($0) },
            head: fastPath == nil ? nil : options.headTimeout.map { TimeAmount($0) },
            body: fastPath == nil ? nil : options.bodyTimeout.map { TimeAmount($0) })
        let clients = options.maxConnectionsPerClient.map { ClientConnections(limit: $0) }
        return Application(
            responder: RuntimeResponder(runtime: runtime),
            server: HTTPServerBuilder { responder in
                SitegenHTTP1Channel(responder: responder, fastPath: fastPath, deadlines: deadlines, clients: clients)
            },
            configuration: .init(
                address: .hostname(runtime.options.host, port: runtime.options.port),
                serverName: nil),
            services: services,
            onServerRunning: onServerRunning,
            logger: runtime.logger)
    }

    package static func run(options: ServerOptions, logger: Logger = Logger(label: "sitegen.serve")) async throws {
        try ListenError.check(host: options.host, port: options.port)
        let runtime = try SitegenRuntime(options: options, logger: logger)
        if let keys = runtime.apiKeysStartLine { logger.info("\(keys)") }
        let app = application(runtime: runtime) { channel in
            logger.info("serving on http://\(options.host):\(channel.localAddress?.port ?? options.port)/")
        }
        do {
            try await app.runService()
        } catch {
            if let listen = ListenError(host: options.host, port: options.port, bindFailure: error) { throw listen }
            throw error
        }
    }
}
