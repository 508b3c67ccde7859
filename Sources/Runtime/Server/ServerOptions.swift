import Foundation

/// Everything that shapes one server: where the bytes and events live, where it listens, and
/// what it does with visitors. `sitegen serve` records; `sitegen preview` runs in development
/// mode with its own extension.
package struct ServerOptions: Sendable {
    package var dist: URL
    package var mode: ServingMode
    package var host: String
    package var port: Int
    package var conversionRateLimit: RateLimit
    /// A snapshot of each site's model is written after this many seconds…
    package var snapshotInterval: Duration
    /// …or after this many learned events, whichever comes first, and always at shutdown.
    package var snapshotEveryEvents: Int
    /// Largest request body accepted (conversion beacons and API calls are tiny).
    package var maxBodyBytes: Int
    /// Where to post a JSON message when an anomaly starts or ends (`--alert-webhook`).
    package var alertWebhook: String?
    /// How often sites are checked for anomalies.
    package var anomalyCheckInterval: Duration
    /// Reload `dist/` on SIGHUP.
    package var reloadOnHangup: Bool
    /// A connection that sends nothing for this long is closed: idle keep-alives, and clients that
    /// stop halfway through a request (which would otherwise hold a connection forever). Nil for
    /// servers with long-lived responses (the preview's event stream).
    package var readIdleTimeout: Duration?
    /// How long raw events are kept and how large the database may grow (`--retention-days`,
    /// `--max-db-size`).
    package var retention: RetentionPolicy
    /// How often retention runs (the first time one interval after start).
    package var retentionInterval: Duration
    /// How often a recording server reads its API keys again, so keys created or revoked with
    /// `sitegen keys` take effect without a restart (the promise is within 5 s).
    package var keyReloadInterval: Duration
    /// How many failed authentications (`401`, `403`) one client may make before `429`.
    package var authFailureRateLimit: RateLimit
    /// A request head must be whole this long after its first byte, a body this long after its
    /// head (nginx's `client_header_timeout`, `client_body_timeout`); the connection is closed
    /// otherwise. Nil for none. Only where the fast paths run: they tell where heads end.
    package var headTimeout: Duration?
    package var bodyTimeout: Duration?
    /// Connections one peer address may hold open at once; the next is answered 503 and closed.
    /// Behind a reverse proxy on the same host, the proxy is the one peer. Nil for no limit.
    package var maxConnectionsPerClient: Int?
    /// Peers besides loopback whose last `X-Forwarded-For` element names the visitor for the
    /// per-client limits (`--trusted-proxy`): a load balancer on another machine.
    package var trustedProxies: Set<String>
    /// The database all nodes ship their events to (`--store`); nil: this node keeps its events
    /// to itself, as before issue #21. The local database stays the outbox either way.
    package var sharedStore: (any SharedEventStore)?
    /// This node's name in the shared store's rows (`node` columns).
    package var node: String

    package init(
        dist: URL,
        mode: ServingMode,
        host: String = "127.0.0.1",
        port: Int = 8080,
        conversionRateLimit: RateLimit = .conversions,
        snapshotInterval: Duration = .seconds(30),
        snapshotEveryEvents: Int = 1_000,
        maxBodyBytes: Int = 64 * 1024,
        alertWebhook: String? = nil,
        anomalyCheckInterval: Duration = .seconds(300),
        reloadOnHangup: Bool = true,
        readIdleTimeout: Duration? = .seconds(30),
        retention: RetentionPolicy = RetentionPolicy(),
        retentionInterval: Duration = .seconds(600),
        keyReloadInterval: Duration = .seconds(2),
        authFailureRateLimit: RateLimit = .authFailures,
        headTimeout: Duration? = .seconds(10),
        bodyTimeout: Duration? = .seconds(30),
        maxConnectionsPerClient: Int? = 64,
        trustedProxies: Set<String> = [],
        sharedStore: (any SharedEventStore)? = nil,
        node: String = ProcessInfo.processInfo.hostName
    ) {
        self.dist = dist
        self.mode = mode
        self.host = host
        self.port = port
        self.conversionRateLimit = conversionRateLimit
        self.snapshotInterval = snapshotInterval
        self.snapshotEveryEvents = snapshotEveryEvents
        self.maxBodyBytes = maxBodyBytes
        self.alertWebhook = alertWebhook
        self.anomalyCheckInterval = anomalyCheckInterval
        self.reloadOnHangup = reloadOnHangup
        self.readIdleTimeout = readIdleTimeout
        self.retention = retention
        self.retentionInterval = retentionInterval
        self.keyReloadInterval = keyReloadInterval
        self.authFailureRateLimit = authFailureRateLimit
        self.headTimeout = headTimeout
        self.bodyTimeout = bodyTimeout
        self.maxConnectionsPerClient = maxConnectionsPerClient
        self.trustedProxies = trustedProxies
        self.sharedStore = sharedStore
        self.node = node
    }
}
